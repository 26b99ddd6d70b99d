using System.Globalization;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Select;

/// <summary>
/// OpenShift's order of a repository's tags for a repository import (library-go
/// <c>imageutil.PrioritizeTags</c>, semantics 2.11): <c>latest</c>; then minor versions (<c>5.1</c>,
/// <c>v5.1</c>, <c>5.1-rc1</c>) newest first; then full semantic versions (<c>5.1.3</c>,
/// <c>v5.1.3-beta</c>) newest first, a tag without <c>v</c> before the same version with it; then
/// every other tag by byte order. Go's sort there is not stable; tags it would leave in either order
/// (equal versions, such as build metadata only) are ordered by name here so a run is repeatable.
/// </summary>
public static partial class TagPriority
{
    public static IReadOnlyList<string> Order(IEnumerable<string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var ranked = tags.Select(Rank).ToList();
        ranked.Sort(Compare);
        return ranked.Select(r => r.Tag).ToList();
    }

    private enum Priority
    {
        Latest,
        Minor,
        Full,
        Other,
    }

    private sealed record Ranked(string Tag, Priority Priority, SemanticVersion? Version, string Prefix);

    private static int Compare(Ranked a, Ranked b)
    {
        if (a.Priority != b.Priority)
        {
            return a.Priority.CompareTo(b.Priority);
        }

        if (a.Priority is Priority.Other or Priority.Latest)
        {
            return string.CompareOrdinal(a.Tag, b.Tag);
        }

        var versions = b.Version!.CompareTo(a.Version!);
        if (versions != 0)
        {
            return versions;
        }

        var prefix = string.CompareOrdinal(a.Prefix, b.Prefix);
        return prefix != 0 ? prefix : string.CompareOrdinal(a.Tag, b.Tag);
    }

    private static Ranked Rank(string tag)
    {
        if (tag == "latest")
        {
            return new Ranked(tag, Priority.Latest, null, "");
        }

        var (prefix, shortTag) = tag.StartsWith('v') ? ("v", tag[1..]) : ("", tag);
        if (SemanticVersion.TryParse(shortTag) is { } full)
        {
            return new Ranked(tag, Priority.Full, full, prefix);
        }

        if (MinorVersion().IsMatch(shortTag) && SemanticVersion.TryParse(shortTag + ".0") is { } minor)
        {
            return new Ranked(tag, Priority.Minor, minor, prefix);
        }

        if (MinorWithSuffix().Match(shortTag) is { Success: true } match)
        {
            var minorPart = match.Groups[1].Value;
            var index = shortTag.IndexOf(minorPart, StringComparison.Ordinal);
            if (SemanticVersion.TryParse(string.Concat(shortTag.AsSpan(0, index), minorPart, ".0", shortTag.AsSpan(index + minorPart.Length))) is { } withSuffix)
            {
                return new Ranked(tag, Priority.Minor, withSuffix, prefix);
            }
        }

        return new Ranked(tag, Priority.Other, null, prefix);
    }

    // Go's \d and \w are ASCII only.
    [GeneratedRegex(@"\A[0-9]+\.[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex MinorVersion();

    [GeneratedRegex(@"\A([0-9]+\.[0-9]+)-[0-9A-Za-z_]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex MinorWithSuffix();

    /// <summary>Semantic Versioning 2.0.0 as blang/semver v4 parses and orders it (build metadata read, never compared).</summary>
    private sealed record SemanticVersion(ulong Major, ulong Minor, ulong Patch, IReadOnlyList<string> Pre) : IComparable<SemanticVersion>
    {
        public static SemanticVersion? TryParse(string text)
        {
            var parts = text.Split('.', 3);
            if (parts.Length != 3 || Number(parts[0]) is not { } major || Number(parts[1]) is not { } minor)
            {
                return null;
            }

            var patchText = parts[2];
            var plus = patchText.IndexOf('+', StringComparison.Ordinal);
            if (plus >= 0)
            {
                if (patchText[(plus + 1)..].Split('.').Any(b => b.Length == 0 || !b.All(IsAlphanumeric)))
                {
                    return null;
                }

                patchText = patchText[..plus];
            }

            string[] pre = [];
            var dash = patchText.IndexOf('-', StringComparison.Ordinal);
            if (dash >= 0)
            {
                pre = patchText[(dash + 1)..].Split('.');
                patchText = patchText[..dash];
            }

            if (Number(patchText) is not { } patch || pre.Any(p => !ValidPre(p)))
            {
                return null;
            }

            return new SemanticVersion(major, minor, patch, pre);
        }

        public int CompareTo(SemanticVersion? other)
        {
            ArgumentNullException.ThrowIfNull(other);
            var numbers = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
            if (numbers != 0)
            {
                return numbers;
            }

            if (Pre.Count == 0 || other.Pre.Count == 0)
            {
                return other.Pre.Count.CompareTo(0) - Pre.Count.CompareTo(0);
            }

            for (var i = 0; i < Math.Min(Pre.Count, other.Pre.Count); i++)
            {
                if (ComparePre(Pre[i], other.Pre[i]) is var c && c != 0)
                {
                    return c;
                }
            }

            return Pre.Count.CompareTo(other.Pre.Count);
        }

        private static int ComparePre(string a, string b)
        {
            var (an, bn) = (IsNumeric(a), IsNumeric(b));
            return (an, bn) switch
            {
                (true, true) => ulong.Parse(a, CultureInfo.InvariantCulture).CompareTo(ulong.Parse(b, CultureInfo.InvariantCulture)),
                (true, false) => -1,
                (false, true) => 1,
                _ => Math.Sign(string.CompareOrdinal(a, b)),
            };
        }

        private static ulong? Number(string text) =>
            text.Length > 0 && text.All(char.IsAsciiDigit) && !(text.Length > 1 && text[0] == '0')
            && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

        private static bool ValidPre(string part) =>
            part.Length > 0 && (IsNumeric(part) ? Number(part) is not null : part.All(IsAlphanumeric));

        private static bool IsNumeric(string part) => part.Length > 0 && part.All(char.IsAsciiDigit);

        private static bool IsAlphanumeric(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';
    }
}
