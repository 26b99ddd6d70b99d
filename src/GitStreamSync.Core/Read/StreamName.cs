using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Read;

/// <summary>
/// OpenShift's rule for ImageStream names (openshift-apiserver's ValidateImageStreamName, semantics
/// doc 2.12): a path segment name (no '/' or '%', not '.' or '..') that matches the repository-name
/// component expression OpenShift copied from docker/distribution 2.1, <c>[a-z0-9]+(?:[._-][a-z0-9]+)*</c>
/// (one separator between runs, unlike today's distribution grammar), and <c>namespace/name</c> of
/// at most 255 characters.
/// </summary>
internal static partial class StreamName
{
    /// <summary>Longest <c>namespace/name</c> OpenShift accepts (distribution's NameTotalLengthMax).</summary>
    public const int MaxRepositoryLength = 255;

    /// <summary>Null when the name is valid, else why not, in words.</summary>
    public static string? Check(string name, string? ns = null)
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

        if ((ns ?? "").Length + 1 + name.Length > MaxRepositoryLength)
        {
            return ns is null
                ? $"a name may have at most {MaxRepositoryLength - 1} characters"
                : $"'namespace/name' may have at most {MaxRepositoryLength} characters";
        }

        return Component().IsMatch(name)
            ? null
            : "a name may contain only lowercase letters and digits, separated by single '.', '_' or '-', and must start and end with a letter or digit";
    }

    [GeneratedRegex(@"\A[a-z0-9]+(?:[._-][a-z0-9]+)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex Component();
}
