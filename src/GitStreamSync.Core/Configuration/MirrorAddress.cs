namespace GitStreamSync.Core.Configuration;

/// <summary>
/// A mirror URL in the form nearly every settings file writes (<c>https://mirror.gcr.io</c>,
/// <c>http://127.0.0.1:5000/docker/</c>), normalised by hand as <see cref="Uri"/> would normalise it:
/// the first <see cref="Uri"/> of a process costs a command such as <c>validate</c> a large part of
/// its start-up (its parser tables and host checks), for a URL that is never contacted there.
/// Anything outside this form (upper case, percent escapes, dot segments, a query, user
/// information, an IPv4 address not written in its plain form, a host that is not plain DNS...)
/// is left to <see cref="Uri"/>, so what is accepted, refused and how it is normalised never differs.
/// </summary>
internal static class MirrorAddress
{
    private const int MaxHostLength = 253;
    private const int MaxLabelLength = 63;

    /// <summary>
    /// True with the normalised address (scheme, lower-case host, a port other than the scheme's
    /// default, the path without trailing slashes) when <paramref name="text"/> is in the plain form;
    /// false when it is not, and <see cref="Uri"/> must decide.
    /// </summary>
    public static bool TryNormalizePlain(string text, out string address)
    {
        address = "";
        var span = text.AsSpan();
        int defaultPort;
        if (span.StartsWith("http://", StringComparison.Ordinal))
        {
            defaultPort = 80;
            span = span[7..];
        }
        else if (span.StartsWith("https://", StringComparison.Ordinal))
        {
            defaultPort = 443;
            span = span[8..];
        }
        else
        {
            return false;
        }

        var hostEnd = span.IndexOfAny(':', '/');
        var host = hostEnd < 0 ? span : span[..hostEnd];
        if (!IsPlainHost(host))
        {
            return false;
        }

        var rest = hostEnd < 0 ? [] : span[hostEnd..];
        var port = -1;
        if (rest.Length > 0 && rest[0] == ':')
        {
            var portEnd = rest.IndexOf('/');
            var digits = portEnd < 0 ? rest[1..] : rest[1..portEnd];
            if (!TryReadPort(digits, out port))
            {
                return false;
            }

            rest = portEnd < 0 ? [] : rest[portEnd..];
        }

        var path = rest.TrimEnd('/');
        if (!IsPlainPath(path))
        {
            return false;
        }

        var scheme = defaultPort == 80 ? "http://" : "https://";
        address = port < 0 || port == defaultPort
            ? string.Concat(scheme, host, path)
            : string.Concat(scheme, host, ":" + port.ToString(System.Globalization.CultureInfo.InvariantCulture), path);
        return true;
    }

    // A DNS name of lower-case labels whose last label begins with a letter (so no form of an IPv4
    // address), or an IPv4 address in its plain dotted form.
    private static bool IsPlainHost(ReadOnlySpan<char> host)
    {
        if (host.Length is 0 or > MaxHostLength)
        {
            return false;
        }

        if (IsPlainIPv4(host))
        {
            return true;
        }

        var lastLabelStart = 0;
        var labelStart = 0;
        for (var i = 0; i <= host.Length; i++)
        {
            if (i < host.Length && host[i] != '.')
            {
                if (!IsLowerLetterOrDigit(host[i]) && host[i] != '-')
                {
                    return false;
                }

                continue;
            }

            var label = host[labelStart..i];
            if (label.Length is 0 or > MaxLabelLength || !IsLowerLetterOrDigit(label[0]) || !IsLowerLetterOrDigit(label[^1])
                || (label.Length >= 4 && label[2] == '-' && label[3] == '-'))
            {
                // Empty or long labels, and labels with hyphens at 3 and 4 (IDNA's "xn--" and its
                // reserved kin), are Uri's to judge.
                return false;
            }

            lastLabelStart = labelStart;
            labelStart = i + 1;
        }

        return host[lastLabelStart] is >= 'a' and <= 'z';
    }

    // Four decimal numbers of 0 to 255 without leading zeros: the one form Uri keeps as written.
    private static bool IsPlainIPv4(ReadOnlySpan<char> host)
    {
        var parts = 0;
        var start = 0;
        for (var i = 0; i <= host.Length; i++)
        {
            if (i < host.Length && host[i] != '.')
            {
                if (host[i] is < '0' or > '9')
                {
                    return false;
                }

                continue;
            }

            var part = host[start..i];
            if (part.Length is 0 or > 3 || (part.Length > 1 && part[0] == '0') || int.Parse(part, provider: System.Globalization.CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }

            parts++;
            start = i + 1;
        }

        return parts == 4;
    }

    // 1 to 65535 without leading zeros.
    private static bool TryReadPort(ReadOnlySpan<char> digits, out int port)
    {
        port = 0;
        if (digits.Length is 0 or > 5 || digits[0] == '0')
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            port = (port * 10) + (c - '0');
        }

        return port <= 65535;
    }

    // Segments of letters, digits and "-._~" (characters Uri neither escapes nor changes), none of
    // them empty, "." or "..".
    private static bool IsPlainPath(ReadOnlySpan<char> path)
    {
        if (path.Length == 0)
        {
            return true;
        }

        if (path[0] != '/')
        {
            return false;
        }

        var start = 1;
        for (var i = 1; i <= path.Length; i++)
        {
            if (i < path.Length && path[i] != '/')
            {
                var c = path[i];
                if (!IsLowerLetterOrDigit(c) && c is not (>= 'A' and <= 'Z') && c is not ('-' or '.' or '_' or '~'))
                {
                    return false;
                }

                continue;
            }

            var segment = path[start..i];
            if (segment.Length == 0 || segment is "." || segment is "..")
            {
                return false;
            }

            start = i + 1;
        }

        return true;
    }

    private static bool IsLowerLetterOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
