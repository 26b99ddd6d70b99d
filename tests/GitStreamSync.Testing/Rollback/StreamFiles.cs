using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitStreamSync.Testing.Rollback;

/// <summary>One spec tag of a generated ImageStream: its source and its status history, newest first.</summary>
public sealed record StreamTag(string Tag, string From, IReadOnlyList<string> Digests);

/// <summary>ImageStream files as OpenShift prints them, for history and rollback tests.</summary>
public static class StreamFiles
{
    public static readonly DateTimeOffset Created = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A stable, valid sha256 digest per number.</summary>
    public static string Digest(int n) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("image-" + n.ToString(CultureInfo.InvariantCulture))));

    public static string Yaml(string name, params StreamTag[] tags)
    {
        var text = new StringBuilder();
        text.Append("apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: ").Append(name).Append("\nspec:\n  lookupPolicy:\n    local: false\n  tags:\n");
        foreach (var tag in tags)
        {
            text.Append("  - name: \"").Append(tag.Tag).Append("\"\n    from:\n      kind: DockerImage\n      name: ").Append(tag.From)
                .Append("\n    referencePolicy:\n      type: Source\n");
        }

        text.Append("status:\n  dockerImageRepository: \"\"\n  tags:\n");
        foreach (var tag in tags.Where(t => t.Digests.Count > 0).OrderBy(t => t.Tag, StringComparer.Ordinal))
        {
            text.Append("  - tag: \"").Append(tag.Tag).Append("\"\n    items:\n");
            for (var i = 0; i < tag.Digests.Count; i++)
            {
                var repository = tag.From[..tag.From.LastIndexOf(':')];
                text.Append("    - created: \"").Append(Created.AddDays(-i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append("\"\n")
                    .Append("      dockerImageReference: ").Append(repository).Append('@').Append(tag.Digests[i]).Append('\n')
                    .Append("      generation: 1\n")
                    .Append("      image: ").Append(tag.Digests[i]).Append('\n');
            }
        }

        return text.ToString();
    }
}
