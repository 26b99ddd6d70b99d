using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// Writes a repository of ImageStreams shaped like a large platform team's: mostly YAML with some
/// JSON, some multi-document files with comments, statuses with history on half the tags, and a
/// few non-ImageStream manifests. Deterministic: the same counts give the same bytes.
/// </summary>
internal static class GeneratedRepository
{
    private static readonly string[] Registries = ["", "docker.io/", "quay.io/", "registry.access.redhat.com/", "registry.redhat.io/", "ghcr.io/"];

    public static (int Files, int Tags) Write(string root, int fileCount, int tagCount)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, ".gitstreamsync.yaml"), "paths: [streams]\nschedule: \"*/15 * * * *\"\nhistoryLimit: 10\n");
        var tagsPerFile = Math.Max(1, tagCount / fileCount);
        var written = 0;
        for (var file = 0; file < fileCount; file++)
        {
            var tags = file == fileCount - 1 ? tagCount - written : tagsPerFile;
            var folder = Path.Combine(root, "streams", $"team-{file % 20:D2}");
            Directory.CreateDirectory(folder);
            if (file % 10 == 9)
            {
                File.WriteAllText(Path.Combine(folder, $"stream-{file:D4}.json"), Json(file, tags));
            }
            else
            {
                File.WriteAllText(Path.Combine(folder, $"stream-{file:D4}.yaml"), Yaml(file, tags));
            }

            written += tags;
        }

        return (fileCount, written);
    }

    private static string Yaml(int file, int tags)
    {
        var text = new StringBuilder();
        // Every fifth file holds two streams in two documents, with comments.
        var split = file % 5 == 0 && tags > 1 ? tags / 2 : tags;
        text.Append("# Generated stream file ").Append(file).Append('\n');
        AppendYamlStream(text, $"app-{file:D4}", file, 0, split);
        if (split < tags)
        {
            text.Append("---\n# Second stream of this file\n");
            AppendYamlStream(text, $"app-{file:D4}-extra", file, split, tags);
        }

        return text.ToString();
    }

    private static void AppendYamlStream(StringBuilder text, string name, int file, int from, int to)
    {
        text.Append("apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: ").Append(name)
            .Append("\n  namespace: team-").Append(file % 20).Append("\nspec:\n  lookupPolicy:\n    local: false\n  tags:\n");
        for (var tag = from; tag < to; tag++)
        {
            text.Append("  - name: \"v").Append(tag).Append("\"\n    from:\n      kind: DockerImage\n      name: ").Append(Source(file, tag))
                .Append("\n    importPolicy:\n      importMode: Legacy\n    referencePolicy:\n      type: Source\n");
        }

        var withStatus = Enumerable.Range(from, to - from).Where(tag => tag % 2 == 0).ToList();
        if (withStatus.Count == 0)
        {
            return;
        }

        text.Append("status:\n  dockerImageRepository: \"\"\n  tags:\n");
        foreach (var tag in withStatus.OrderBy(t => "v" + t.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal))
        {
            text.Append("  - items:\n");
            for (var item = 0; item < 2; item++)
            {
                var digest = DigestOf(file, tag, item);
                text.Append("    - created: \"2025-0").Append(9 - item).Append("-1").Append(tag % 10).Append("T02:30:0").Append(item).Append("Z\"\n")
                    .Append("      dockerImageReference: ").Append(Repository(file, tag)).Append('@').Append(digest).Append('\n')
                    .Append("      generation: 1\n      image: ").Append(digest).Append('\n');
            }

            text.Append("    tag: \"v").Append(tag).Append("\"\n");
        }
    }

    private static string Json(int file, int tags)
    {
        var specTags = Enumerable.Range(0, tags).Select(tag =>
            $"      {{\n        \"name\": \"v{tag}\",\n        \"from\": {{\n          \"kind\": \"DockerImage\",\n          \"name\": \"{Source(file, tag)}\"\n        }},\n        \"importPolicy\": {{\n          \"importMode\": \"PreserveOriginal\"\n        }}\n      }}");
        return "{\n  \"apiVersion\": \"image.openshift.io/v1\",\n  \"kind\": \"ImageStream\",\n  \"metadata\": {\n    \"name\": \"json-" + file.ToString("D4", CultureInfo.InvariantCulture)
            + "\"\n  },\n  \"spec\": {\n    \"tags\": [\n" + string.Join(",\n", specTags) + "\n    ]\n  }\n}\n";
    }

    private static string Repository(int file, int tag) => $"{Registries[(file + tag) % Registries.Length]}org{file % 50}/image-{tag % 40}";

    private static string Source(int file, int tag) => $"{Repository(file, tag)}:1.{tag}";

    private static string DigestOf(int file, int tag, int item) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{file}/{tag}/{item}")));
}
