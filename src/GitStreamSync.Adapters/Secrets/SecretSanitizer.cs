using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitStreamSync.Adapters.Registry.Auth;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitStreamSync.Adapters.Secrets;

/// <summary>
/// The one place where text is cleaned of secrets. <see cref="Mask"/> replaces the secret values the
/// tool read (tokens, passwords, the GitHub App key) in the forms a server or library may echo them
/// (as given, base64 at any alignment, URL- and JSON-escaped, <c>user:password</c> base64 as in a
/// Basic Authorization header) and the user-info part of URLs; the command line runs everything it
/// writes (stdout, stderr, logs, the job summary) through it. <see cref="Excerpt"/> is for text that
/// came from outside (an error page, a server or library message): masked, also of anything shaped
/// like a credential, markup dropped, on one line and at most a few hundred characters.
/// </summary>
internal sealed partial class SecretSanitizer
{
    public const string MaskText = "***";

    /// <summary>Characters of outside text a message quotes by default.</summary>
    public const int ExcerptLength = 200;

    /// <summary>The environment variables whose values are secrets (architecture.md section 3).</summary>
    public static readonly IReadOnlyList<string> SecretVariables =
    [
        "GITSTREAMSYNC_GIT_PASSWORD",
        "GITHUB_TOKEN",
        "GH_TOKEN",
        "GITSTREAMSYNC_GITHUB_APP_PRIVATE_KEY",
        "GITSTREAMSYNC_NOTIFY_SECRET",
    ];

    // Shorter values would mask ordinary words; real tokens and passwords are longer.
    private const int MinimumSecretLength = 4;

    // A base64 run shorter than this says too little of a secret to be worth masking.
    private const int MinimumEncodedLength = 8;

    // Outside text is bounded before any work, so a huge answer costs no more than a short one.
    private const int MaxInspected = 64 * 1024;

    // Secrets learnt during a run are kept up to this many, oldest dropped: a long-running worker
    // learns an installation token per run, and each lasts an hour.
    private const int MaxLearned = 256;

    private readonly Lock gate = new();
    private readonly bool learns;
    private readonly List<string> learned = [];
    private readonly IReadOnlyList<string> given;
    private readonly string[] givenForms;
    private string[] forms;
    private IReadOnlyList<string> values;

    public SecretSanitizer(IEnumerable<string> secrets, IEnumerable<(string User, string Password)>? pairs = null)
        : this(secrets, pairs, learns: true)
    {
    }

    private SecretSanitizer(IEnumerable<string> secrets, IEnumerable<(string User, string Password)>? pairs, bool learns)
    {
        this.learns = learns;
        ArgumentNullException.ThrowIfNull(secrets);
        if (secrets is ICollection<string> { Count: 0 } && (pairs is null || pairs is ICollection<(string, string)> { Count: 0 }))
        {
            // Nothing read is secret (the usual run outside CI): no forms to build, and none of the
            // LINQ below, which every command, even --version, would otherwise run first.
            given = this.values = givenForms = forms = [];
            return;
        }

        var values = secrets
            .Where(s => !string.IsNullOrEmpty(s))
            .SelectMany(s => new[] { s, s.Trim() }.Concat(s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .Where(s => s.Length >= MinimumSecretLength)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        // A loop rather than LINQ over the pairs: LINQ over a tuple is compiled at run time, and
        // every command, even --version, makes a sanitizer first.
        var basic = new List<string>();
        foreach (var (user, password) in pairs ?? [])
        {
            if (!string.IsNullOrEmpty(password) && password.Length >= MinimumSecretLength && !basic.Contains($"{user}:{password}", StringComparer.Ordinal))
            {
                basic.Add($"{user}:{password}");
            }
        }

        given = this.values = [.. values, .. basic.Select(b => Convert.ToBase64String(Encoding.UTF8.GetBytes(b)))];
        givenForms = forms = values.SelectMany(Forms)
            .Concat(basic.SelectMany(b => new[] { b, Convert.ToBase64String(Encoding.UTF8.GetBytes(b)) }))
            .Where(f => f.Length >= MinimumSecretLength)
            .Distinct(StringComparer.Ordinal)
            // Longest first, so that a secret containing another is masked whole.
            .OrderByDescending(f => f.Length)
            .ToArray();
    }

    /// <summary>No known values: masks only what is shaped like a credential (in <see cref="Excerpt"/>) and URL user-info; learns nothing.</summary>
    public static SecretSanitizer Shapes { get; } = new([], null, learns: false);

    /// <summary>The secret values as read (and the Basic form of each user and password), each once, then those learnt: what GitHub Actions is told to mask.</summary>
    public IReadOnlyList<string> Values => Volatile.Read(ref values);

    /// <summary>
    /// Called with each secret <see cref="Learn"/> takes, once, before <see cref="Learn"/> returns:
    /// under GitHub Actions the command line registers it with <c>::add-mask::</c> there.
    /// </summary>
    public event Action<string>? Learned;

    /// <summary>
    /// A secret obtained during the run (a credential helper's password or identity token, a GitHub
    /// App's installation token): masked from now on in every form, and passed to <see cref="Learned"/>
    /// the first time. Call it as soon as the secret is obtained, before anything could print it.
    /// </summary>
    public void Learn(string? secret)
    {
        if (!learns || string.IsNullOrEmpty(secret) || secret.Length < MinimumSecretLength)
        {
            return;
        }

        lock (gate)
        {
            if (given.Contains(secret, StringComparer.Ordinal) || learned.Contains(secret, StringComparer.Ordinal))
            {
                return;
            }

            learned.Add(secret);
            if (learned.Count > MaxLearned)
            {
                learned.RemoveAt(0);
            }

            // Masking first, then the registration, then the caller gets the secret back.
            Volatile.Write(ref forms, [.. givenForms.Concat(learned.SelectMany(Forms)).Where(f => f.Length >= MinimumSecretLength)
                .Distinct(StringComparer.Ordinal).OrderByDescending(f => f.Length)]);
            Volatile.Write(ref values, [.. given, .. learned]);
            Learned?.Invoke(secret);
        }
    }

    /// <summary>
    /// The secrets a run reads: <see cref="SecretVariables"/>, <c>GITSTREAMSYNC_REGISTRY_AUTH_*</c>
    /// (<c>user:password</c>), the Git user's password, and the passwords, <c>auth</c> values and
    /// identity tokens in Docker's <c>config.json</c>.
    /// </summary>
    public static SecretSanitizer FromEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var secrets = new List<string>();
        var pairs = new List<(string User, string Password)>();
        foreach (var (name, value) in variables)
        {
            if (SecretVariables.Contains(name, StringComparer.Ordinal))
            {
                secrets.Add(value);
            }
            else if (name.StartsWith(RegistryCredentialStore.EnvironmentPrefix, StringComparison.Ordinal))
            {
                secrets.Add(value);
                var colon = value.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    secrets.Add(value[(colon + 1)..]);
                    pairs.Add((value[..colon], value[(colon + 1)..]));
                }
            }
        }

        if (variables.GetValueOrDefault("GITSTREAMSYNC_GIT_PASSWORD") is { Length: > 0 } gitPassword)
        {
            pairs.Add((variables.GetValueOrDefault("GITSTREAMSYNC_GIT_USERNAME") ?? "", gitPassword));
        }

        foreach (var name in new[] { "GITHUB_TOKEN", "GH_TOKEN" })
        {
            if (variables.GetValueOrDefault(name) is { Length: > 0 } token)
            {
                // How Git and Actions send a token over HTTPS.
                pairs.Add(("x-access-token", token.Trim()));
            }
        }

        if (DockerConfigFile.Load(name => variables.GetValueOrDefault(name), NullLogger.Instance) is { } config)
        {
            AddStored(config, secrets, pairs);
        }

        return new SecretSanitizer(secrets, pairs);
    }

    // Only a config file that exists is enumerated, in a method of its own: the enumeration's types
    // hold JSON values, and preparing them would load the JSON library (and compile generic code
    // over tuples at run time) on the path of every command, even --version.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddStored(DockerConfigFile config, List<string> secrets, List<(string User, string Password)> pairs)
    {
        foreach (var (user, password, others) in config.StoredSecrets())
        {
            secrets.Add(password);
            secrets.AddRange(others);
            pairs.Add((user, password));
        }
    }

    /// <summary>
    /// Whether <see cref="Mask"/> could change <paramref name="text"/>: false when it holds none of
    /// the literals every pattern's match holds and no known secret in any form, so it can be written
    /// as it is without being made a string first.
    /// </summary>
    public bool MayMask(ReadOnlySpan<char> text)
    {
        if (MayHoldUserInfo(text) || MayHoldIssuedToken(text))
        {
            return true;
        }

        foreach (var form in Volatile.Read(ref forms))
        {
            if (text.Contains(form, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    // Every match of the user-info pattern holds both literals, every match of the token pattern one of its two.
    private static bool MayHoldUserInfo(ReadOnlySpan<char> text) => text.Contains("://", StringComparison.Ordinal) && text.Contains('@');

    private static bool MayHoldIssuedToken(ReadOnlySpan<char> text) =>
        text.Contains("gh", StringComparison.Ordinal) || text.Contains("eyJ", StringComparison.Ordinal);

    /// <summary>The text with every known secret, in every form, GitHub tokens and JWTs by their shape, and URL user-info replaced by <see cref="MaskText"/>.</summary>
    public string Mask(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        // A line without the literals of either pattern (most of what a command prints) skips the
        // patterns, whose first use costs a short command a third of its run.
        var masked = MayHoldUserInfo(text) ? UserInfo().Replace(text, "$1" + MaskText + "@") : text;
        if (MayHoldIssuedToken(masked))
        {
            masked = IssuedTokens().Replace(masked, MaskText);
        }

        foreach (var form in Volatile.Read(ref forms))
        {
            masked = masked.Replace(form, MaskText, StringComparison.Ordinal);
        }

        return masked;
    }

    /// <summary>
    /// What a message may quote of outside text: masked (known secrets, and anything shaped like an
    /// Authorization value, a GitHub token or a JWT), markup dropped from an HTML page, whitespace
    /// collapsed to one line, control and direction characters removed, at most <paramref name="maxLength"/> characters.
    /// </summary>
    public string Excerpt(string? text, int maxLength = ExcerptLength)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        // Mask before cutting, so a cut never leaves the visible half of a secret; bound the work first.
        var bounded = text.Length > MaxInspected ? text[..MaxInspected] : text;
        var plain = LooksLikeMarkup(bounded) ? Tags().Replace(Hidden().Replace(bounded, " "), " ") : bounded;
        var masked = Mask(Credentials().Replace(plain, m => m.Groups["keep"].Success ? m.Groups["keep"].Value + MaskText : MaskText));
        var line = new StringBuilder(Math.Min(masked.Length, maxLength + 1));
        var space = false;
        foreach (var c in masked)
        {
            if (char.IsWhiteSpace(c))
            {
                space = line.Length > 0;
                continue;
            }

            if (char.IsControl(c) || c is '\u200B' or '\u200E' or '\u200F' or '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069' or '\uFEFF')
            {
                continue;
            }

            if (space)
            {
                line.Append(' ');
                space = false;
            }

            line.Append(c);
            if (line.Length > maxLength)
            {
                break;
            }
        }

        return line.Length > maxLength ? line.ToString(0, maxLength).TrimEnd() + "…" : line.ToString();
    }

    private static IEnumerable<string> Forms(string secret)
    {
        yield return secret;
        yield return Uri.EscapeDataString(secret);
        yield return WebUtility.UrlEncode(secret);
        yield return JsonEncodedText.Encode(secret).ToString();
        var bytes = Encoding.UTF8.GetBytes(secret);
        for (var offset = 0; offset < 3; offset++)
        {
            if (Base64Core(bytes, offset) is { Length: >= MinimumEncodedLength } core)
            {
                yield return core;
            }
        }
    }

    /// <summary>
    /// The part of the base64 of the secret that is the same wherever it stands in a longer text:
    /// encoded after <paramref name="offset"/> bytes, without the characters that also hold bits of
    /// what comes before or after it.
    /// </summary>
    private static string Base64Core(byte[] secret, int offset)
    {
        var padded = new byte[offset + secret.Length];
        secret.CopyTo(padded, offset);
        var encoded = Convert.ToBase64String(padded).TrimEnd('=');
        var skip = offset switch { 0 => 0, 1 => 2, _ => 3 };
        var drop = padded.Length % 3 == 0 ? 0 : 1;
        return encoded.Length - skip - drop <= 0 ? "" : encoded[skip..^drop];
    }

    private static bool LooksLikeMarkup(string text) => text.TrimStart().StartsWith('<');

    [GeneratedRegex(@"\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")]
    private static partial Regex UserInfo();

    // Secrets made during a run, which no list can hold in advance: a GitHub App's installation
    // token (ghs_...) and its JWT. Their shapes are unambiguous enough to mask in any output.
    [GeneratedRegex(@"\b(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]{16,}|\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]+")]
    private static partial Regex IssuedTokens();

    // GitHub's token prefixes (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), JWTs, and the values of
    // Authorization headers and their schemes.
    [GeneratedRegex(@"(?<keep>Authorization\s*[:=]\s*)(?:(?:Bearer|token|Basic)\s+)?[^\s""'<>,;]+|(?<keep>\b(?:Bearer|token|Basic)\s+)[A-Za-z0-9_\-\.=+/]{8,}|\b(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]+|\beyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*", RegexOptions.IgnoreCase)]
    private static partial Regex Credentials();

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();
}
