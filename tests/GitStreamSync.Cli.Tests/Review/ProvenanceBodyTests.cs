using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Review;

/// <summary>
/// The pull request shows what the images say about themselves, old -> new: images with OCI labels
/// pushed to the loopback registry, two runs of <c>sync</c> with a merge and an upstream rebuild between,
/// and the body compared with its golden file.
/// </summary>
public sealed class ProvenanceBodyTests
{
    private static readonly DateTimeOffset FirstRun = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SecondRun = new(2026, 3, 3, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_rebuild_shows_version_revision_with_a_compare_link_base_image_and_the_platform_chosen_from_the_index()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var bed = await ReviewTestBed.StartAsync(
            new Dictionary<string, string>
            {
                ["streams/app.yaml"] = ReviewTestBed.Stream("app", ("1", "acme/app:1"), ("edge", "acme/edge:latest")),
            },
            timeout.Token);
        using var seeder = bed.Seeder();
        await PushAsync(seeder, "1.4.0", "0123456789abcdef0123456789abcdef01234567", "sha256:" + new string('a', 64), timeout.Token);
        Assert.Contains("pull request #1 created", (await bed.SyncAsync(FirstRun)).Out, StringComparison.Ordinal);
        bed.Merge();

        await PushAsync(seeder, "1.4.1", "fedcba9876543210fedcba9876543210fedcba98", "sha256:" + new string('b', 64), timeout.Token);
        var second = await bed.SyncAsync(SecondRun);

        Assert.Contains("pull request #1 updated", second.Out, StringComparison.Ordinal);
        var body = bed.Body();
        GoldenFile.AssertMatches("review/provenance-body.md", body);
        Assert.Contains(
            "([compare](https://github.com/acme/app/compare/0123456789abcdef0123456789abcdef01234567...fedcba9876543210fedcba9876543210fedcba98))",
            body,
            StringComparison.Ordinal);

        // The label a builder controls is a code span, and a source that is not a GitHub repository gives no link.
        Assert.Contains("`<img src=x onerror=alert(1)> 2` → `<img src=x onerror=alert(1)> 3`", body, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(body, @"\]\(https://"));
    }

    private static async Task PushAsync(RegistrySeeder seeder, string version, string revision, string baseDigest, CancellationToken cancellationToken)
    {
        await seeder.PushImageAsync("acme/app", "1", ManifestFormat.Oci, Platform.LinuxAmd64, null, new SeededConfig(
            new Dictionary<string, string>
            {
                ["org.opencontainers.image.version"] = version,
                ["org.opencontainers.image.revision"] = revision,
                ["org.opencontainers.image.source"] = "https://github.com/acme/app.git",
                ["org.opencontainers.image.created"] = version == "1.4.0" ? "2026-02-27T10:00:00Z" : "2026-03-02T22:15:00Z",
                ["org.opencontainers.image.base.name"] = "docker.io/library/alpine:3.20",
                ["org.opencontainers.image.base.digest"] = baseDigest,
                ["com.example.ignored"] = "not shown",
            }), cancellationToken);
        await seeder.PushIndexAsync("acme/edge", "latest", ManifestFormat.Oci, [Platform.LinuxAmd64, new Platform("linux", "arm64", "v8")], version, new SeededConfig(
            new Dictionary<string, string>
            {
                ["org.opencontainers.image.version"] = "<img src=x onerror=alert(1)> " + (version == "1.4.0" ? "2" : "3"),
                ["org.opencontainers.image.revision"] = version == "1.4.0" ? "abc1234" : "not hex; rm -rf",
                ["org.opencontainers.image.source"] = "https://gitlab.example.com/acme/edge",
            }), cancellationToken);
    }
}
