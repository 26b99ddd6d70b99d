using System.Text;
using System.Text.RegularExpressions;

namespace GitStreamSync.Adapters.GitHub;

/// <summary>
/// What an error message may quote of a GitHub answer. GitHub's own errors are short JSON messages,
/// but a proxy or load balancer in front of it answers with a whole HTML page, which can echo the
/// request back, Authorization header included. So a message quotes at most <see cref="MaxLength"/>
/// characters on one line: markup dropped, whitespace collapsed, control characters removed, and
/// anything shaped like a credential masked.
/// </summary>
internal static partial class GitHubErrorExcerpt
{
    public const int MaxLength = 200;
    private const string Mask = "***";

    public static string Of(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        // Mask before cutting, so a cut never leaves the visible half of a secret; bound the work first.
        var bounded = text.Length > 64 * 1024 ? text[..(64 * 1024)] : text;
        var plain = LooksLikeMarkup(bounded) ? Tags().Replace(Hidden().Replace(bounded, " "), " ") : bounded;
        var masked = Secrets().Replace(plain, m => m.Groups["keep"].Success ? m.Groups["keep"].Value + Mask : Mask);
        var line = new StringBuilder(Math.Min(masked.Length, MaxLength + 1));
        var space = false;
        foreach (var c in masked)
        {
            if (char.IsWhiteSpace(c))
            {
                space = line.Length > 0;
                continue;
            }

            if (char.IsControl(c) || c is '\u200B' or '\u200E' or '\u200F' or '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\uFEFF')
            {
                continue;
            }

            if (space)
            {
                line.Append(' ');
                space = false;
            }

            line.Append(c);
            if (line.Length > MaxLength)
            {
                break;
            }
        }

        return line.Length > MaxLength ? line.ToString(0, MaxLength).TrimEnd() + "…" : line.ToString();
    }

    private static bool LooksLikeMarkup(string text) => text.TrimStart().StartsWith('<');

    // GitHub's token prefixes (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), JWTs, and the values of
    // Authorization headers and their schemes.
    [GeneratedRegex(@"(?<keep>Authorization\s*[:=]\s*)(?:(?:Bearer|token|Basic)\s+)?[^\s""'<>,;]+|(?<keep>\b(?:Bearer|token|Basic)\s+)[A-Za-z0-9_\-\.=+/]{8,}|\b(?:gh[pousr]_|github_pat_)[A-Za-z0-9_]+|\beyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*", RegexOptions.IgnoreCase)]
    private static partial Regex Secrets();

    [GeneratedRegex(@"<(script|style)\b[^>]*>.*?</\1\s*>|<!--.*?-->", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();
}
