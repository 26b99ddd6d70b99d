using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Read;

/// <summary>
/// The tag grammar of image references (semantics doc section 3, library-go's reference grammar):
/// <c>[\w][\w.-]{0,127}</c> with <c>\w</c> = <c>[A-Za-z0-9_]</c>. Upper case is allowed, unlike in
/// repository names, so <c>2.12.0.GA</c> is a tag.
/// </summary>
internal static partial class TagName
{
    /// <summary>Null when the tag is valid, else why not, in words.</summary>
    public static string? Check(string tag) =>
        Grammar().IsMatch(tag)
            ? null
            : tag.Length > 128
                ? "a tag may have at most 128 characters"
                : "a tag may contain only letters, digits, '_', '.' and '-', and may not start with '.' or '-'";

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();
}
