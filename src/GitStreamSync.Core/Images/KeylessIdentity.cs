using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Images;

/// <summary>
/// Who may sign without a key, as cosign's <c>--certificate-oidc-issuer</c> and
/// <c>--certificate-identity-regexp</c> say it: the OIDC issuer Fulcio wrote into the certificate (exact)
/// and a regular expression that one of the certificate's SANs (an e-mail or a URI) must match whole.
/// </summary>
internal sealed record KeylessIdentity(string Issuer, string SubjectRegExp)
{
    /// <summary>A pathological expression over a long SAN stops here rather than holding up the run.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Null when <paramref name="pattern"/> is a regular expression .NET accepts; else what is wrong.</summary>
    public static string? CheckPattern(string pattern)
    {
        try
        {
            // The expression as written, so that the message's offset is the user's.
            _ = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
            _ = Anchored(pattern);
            return null;
        }
        catch (ArgumentException e)
        {
            return $"'{pattern}' is not a regular expression ({e.Message})";
        }
    }

    /// <summary>Whether the certificate's issuer is this one and one of its SANs matches the subject expression whole.</summary>
    public bool Matches(string? issuer, IEnumerable<string> subjects)
    {
        ArgumentNullException.ThrowIfNull(subjects);
        if (!string.Equals(issuer, Issuer, StringComparison.Ordinal))
        {
            return false;
        }

        var expression = Anchored(SubjectRegExp);
        try
        {
            return subjects.Any(expression.IsMatch);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    // Anchored (cosign's own match is not): an expression written for one repository must not match
    // "https://github.com/evil/x?https://github.com/acme/app/...". Whoever wants a partial match writes .*.
    private static Regex Anchored(string pattern) =>
        new($"^(?:{pattern})$", RegexOptions.CultureInvariant, MatchTimeout);
}
