using GitStreamSync.Core.Images;
using GitStreamSync.Core.Propose;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;
using Microsoft.Extensions.Time.Testing;

namespace GitStreamSync.Cli.Tests.Review;

/// <summary>
/// <c>minimumAge</c>: a new digest waits until its image is old enough (by its <c>created</c>, or by when
/// the tool first saw it), is then proposed, and a younger rebuild waits while the open pull request keeps
/// proposing the older one. Real registry and Git server, the GitHub fake, one fake clock moved between runs.
/// </summary>
public sealed class MinimumAgeTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_young_digest_waits_then_is_proposed_and_a_younger_rebuild_waits_while_the_pull_request_keeps_the_older_one()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var cache = new TemporaryDirectory("age");
        await using var bed = await ReviewTestBed.StartAsync(
            new Dictionary<string, string>
            {
                [".gitstreamsync.yaml"] = "minimumAge: 3d\n",
                ["streams/app.yaml"] = ReviewTestBed.Stream("app", ("1", "acme/app:1"), ("plain", "acme/plain:1")),
            },
            timeout.Token);
        using var seeder = bed.Seeder();
        var v1 = await PushAsync(seeder, "acme/app", "v1", new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), timeout.Token);
        var plain = await PushAsync(seeder, "acme/plain", "p1", created: null, timeout.Token);
        var clock = new FakeTimeProvider(Start);
        string[] options = ["--registry-cache", cache.Path];

        var waiting = await bed.SyncAsync(clock, options);

        Assert.Contains($"streams/app.yaml#app:1 {v1.Abbreviated} waiting until 2026-03-04 00:00 UTC (created 2026-03-01 00:00 UTC, minimum age 3d)", waiting.Out, StringComparison.Ordinal);
        Assert.Contains($"streams/app.yaml#app:plain {plain.Abbreviated} waiting until 2026-03-05 08:00 UTC (first seen 2026-03-02 08:00 UTC, minimum age 3d)", waiting.Out, StringComparison.Ordinal);
        Assert.Empty(bed.GitHub.PullRequests(ReviewTestBed.Repository));
        Assert.Null(bed.Git.BranchTip("images", "gitstreamsync/main"));

        // Two days on, app:1's image is old enough; plain's first sighting is remembered by the cache, so it still waits.
        clock.Advance(TimeSpan.FromDays(2));
        var proposed = await bed.SyncAsync(clock, options);

        Assert.Contains("pull request #1 created", proposed.Out, StringComparison.Ordinal);
        Assert.Contains(v1.ToString(), bed.Show("gitstreamsync/main", "streams/app.yaml"), StringComparison.Ordinal);
        Assert.Contains($"streams/app.yaml#app:plain {plain.Abbreviated} waiting until 2026-03-05 08:00 UTC", proposed.Out, StringComparison.Ordinal);

        // Upstream rebuilds app:1 an hour later: the rebuild waits and the pull request keeps proposing v1.
        var v2 = await PushAsync(seeder, "acme/app", "v2", Start.AddDays(2).AddMinutes(30), timeout.Token);
        clock.Advance(TimeSpan.FromHours(1));
        var rebuilt = await bed.SyncAsync(clock, options);

        Assert.Contains($"streams/app.yaml#app:1 {v2.Abbreviated} waiting until 2026-03-07 08:30 UTC", rebuilt.Out, StringComparison.Ordinal);
        var pr = Assert.Single(bed.GitHub.PullRequests(ReviewTestBed.Repository));
        Assert.Equal(v1, PullRequestMarker.Parse(pr.Body!).Entries.Single(e => e.Key.Tag == "1").NewDigest);
        Assert.Contains(v1.ToString(), bed.Show("gitstreamsync/main", "streams/app.yaml"), StringComparison.Ordinal);
        Assert.DoesNotContain(v2.ToString(), bed.Show("gitstreamsync/main", "streams/app.yaml"), StringComparison.Ordinal);
        GoldenFile.AssertMatches("review/minimum-age-body.md", bed.Body());

        // A day after plain's three days are up, both are proposed.
        clock.Advance(TimeSpan.FromDays(5));
        var later = await bed.SyncAsync(clock, options);
        Assert.Contains("pull request #1 updated", later.Out, StringComparison.Ordinal);
        Assert.Contains(v2.ToString(), bed.Show("gitstreamsync/main", "streams/app.yaml"), StringComparison.Ordinal);
        Assert.Contains(plain.ToString(), bed.Show("gitstreamsync/main", "streams/app.yaml"), StringComparison.Ordinal);
        Assert.DoesNotContain("waiting until", later.Out, StringComparison.Ordinal);
    }

    private static async Task<Digest> PushAsync(RegistrySeeder seeder, string repository, string unique, DateTimeOffset? created, CancellationToken cancellationToken) =>
        (await seeder.PushImageAsync(repository, "1", ManifestFormat.Oci, Platform.LinuxAmd64, unique,
            new SeededConfig(new Dictionary<string, string> { ["org.opencontainers.image.version"] = unique }, created), cancellationToken)).Digest;
}
