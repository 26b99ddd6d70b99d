using System.Text.RegularExpressions;

namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// Removes secrets from text before it reaches a log line, /healthz or an exception message: the
/// values of the secret environment variables (architecture.md section 3) and the user-info part
/// of URLs (<c>https://user:token@host</c>). Libraries put URLs and headers into their exception
/// messages, so everything the worker logs about a failure passes through here.
/// </summary>
internal sealed partial class SecretMasker
{
    public const string Mask = "***";

    private static readonly string[] SecretVariables =
    [
        "GITSTREAMSYNC_GIT_PASSWORD",
        "GITHUB_TOKEN",
        "GH_TOKEN",
        "GITSTREAMSYNC_GITHUB_APP_PRIVATE_KEY",
        PushNotifications.SecretVariable,
    ];

    private const string RegistryAuthPrefix = "GITSTREAMSYNC_REGISTRY_AUTH_";

    // Shorter values would mask ordinary words; real tokens and passwords are longer.
    private const int MinimumSecretLength = 4;

    private readonly string[] secrets;

    public SecretMasker(IEnumerable<string> secrets)
    {
        // Longest first, so that a secret containing another is masked whole.
        this.secrets = secrets
            .SelectMany(s => new[] { s, s.Trim() }.Concat(s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            .Where(s => s.Length >= MinimumSecretLength)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(s => s.Length)
            .ToArray();
    }

    public static SecretMasker FromEnvironment(IReadOnlyDictionary<string, string> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var values = variables
            .Where(v => SecretVariables.Contains(v.Key, StringComparer.Ordinal) || v.Key.StartsWith(RegistryAuthPrefix, StringComparison.Ordinal))
            .Select(v => v.Value);
        return new SecretMasker(values);
    }

    public string Apply(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var masked = UserInfo().Replace(text, "$1" + Mask + "@");
        foreach (var secret in secrets)
        {
            masked = masked.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return masked;
    }

    [GeneratedRegex(@"\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]+@")]
    private static partial Regex UserInfo();
}
