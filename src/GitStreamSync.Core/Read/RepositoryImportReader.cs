using GitStreamSync.Core.Images;
using GitStreamSync.Core.Read.Yaml;
using System.Globalization;

namespace GitStreamSync.Core.Read;

/// <summary>
/// Reads <c>spec.dockerImageRepository</c> and the stream's import annotations, refusing what OpenShift's
/// validation refuses (a reference that does not parse, or one with a tag or a digest).
/// </summary>
internal static class RepositoryImportReader
{
    public static RepositoryImportSource? Read(YamlNode? value, YamlNode? annotationsNode, IReadOnlyDictionary<string, string> annotations, string label, ProblemList problems)
    {
        var text = ImageStreamDocumentReader.Text(value, $"{label}: spec.dockerImageRepository", problems);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (!ImageReference.TryParse(text, out var repository, out var error))
        {
            problems.Add(value!, $"{label}: spec.dockerImageRepository \"{text}\" is invalid: {error}");
            return null;
        }

        if (repository.Tag is not null || repository.Digest is not null)
        {
            problems.Add(value!, $"{label}: spec.dockerImageRepository \"{text}\" is invalid: the repository name may not contain {(repository.Tag is not null ? "a tag" : "an ID")}");
            return null;
        }

        int? limit = null;
        if (annotations.TryGetValue(RepositoryImportSource.LimitAnnotation, out var limitText))
        {
            if (int.TryParse(limitText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) && parsed >= -1)
            {
                limit = parsed;
            }
            else
            {
                problems.Add(annotationsNode?.Get(RepositoryImportSource.LimitAnnotation) ?? value!,
                    $"{label}: annotation {RepositoryImportSource.LimitAnnotation} \"{limitText}\" is not a whole number of at least -1 (-1: every tag, 0: none)");
            }
        }

        var insecure = annotations.GetValueOrDefault(RepositoryImportSource.InsecureAnnotation) == "true";
        return new RepositoryImportSource(repository, insecure, limit, value!.Location);
    }
}
