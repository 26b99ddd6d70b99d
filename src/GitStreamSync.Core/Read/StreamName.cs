using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Read;

/// <summary>
/// OpenShift's rule for ImageStream names: a path segment matching the image repository-name
/// component grammar (imagestream-semantics.md 2.12), at most 255 characters with the namespace.
/// </summary>
internal static partial class StreamName
{
    /// <summary>Null when the name is valid, else why not, in words.</summary>
    public static string? Check(string name)
    {
        if (name.Contains(':', StringComparison.Ordinal))
        {
            return "a name may not contain ':' (the tag goes in spec.tags)";
        }

        if (name.Any(char.IsUpper))
        {
            return "a name must be lowercase";
        }

        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('%', StringComparison.Ordinal) || name is "." or "..")
        {
            return "a name must be a single path segment (no '/' or '%', not '.' or '..')";
        }

        if (name.Length > 255)
        {
            return "a name may have at most 255 characters";
        }

        return Component().IsMatch(name)
            ? null
            : "a name may contain only lowercase letters, digits and '.', '_', '-' separators, and must start and end with a letter or digit";
    }

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex Component();
}
