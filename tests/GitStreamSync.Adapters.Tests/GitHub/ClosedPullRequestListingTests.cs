using GitStreamSync.Core.Configuration;
using GitStreamSync.Adapters.GitHub;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Propose;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.GitHub;

/// <summary>
/// The closed pull requests rollback detection asks GitHub for: only those closed since the record's
/// newest entry, page by page in GitHub's order (last update first), and never more than the page bound.
/// </summary>
public sealed class ClosedPullRequestListingTests
{
    private static readonly DateTimeOffset Oldest = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private sealed record Started(GitHubTestBed Bed, OctokitPullRequestPublisher Publisher, CapturedLog Log) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Bed.DisposeAsync();
    }

    private static async Task<Started> StartAsync(int closed)
    {
        var bed = await GitHubTestBed.StartAsync();
        for (var i = 0; i < closed; i++)
        {
            var marker = new PullRequestMarker("main", null, [new PullRequestMarkerEntry(new TagKey("streams/app.yaml", "app", $"t{i}"), null, GitHubTestBed.Sha('c'))]);
            bed.Fake.SeedPullRequest(GitHubTestBed.Repo, "gitstreamsync/main", "main", "Update", marker.Format(), "gitstreamsync-bot", Oldest, Oldest.AddHours(i + 1));
        }

        var log = new CapturedLog();
        return new Started(bed, await bed.PublisherAsync(logger: log), log);
    }

    private static int ClosedPagesRead(GitHubTestBed bed, int before) =>
        bed.Fake.Requests.Skip(before).Count(r => r.Path == $"/repos/{GitHubTestBed.Repo}/pulls" && r.Query.Contains("state=closed", StringComparison.Ordinal));

    [Fact]
    public async Task Only_pull_requests_closed_since_the_record_are_listed_and_one_page_is_read()
    {
        await using var started = await StartAsync(250);
        var (bed, publisher, _) = started;
        var before = bed.Fake.Requests.Count;

        var listed = await publisher.ListToolPullRequestsAsync(PullRequestOwnership.Default, ClosedPullRequestWindow.Since(Oldest.AddHours(221)), CancellationToken.None);

        Assert.Equal(30, listed.Count);
        Assert.All(listed, p => Assert.True(p.ClosedAt >= Oldest.AddHours(221)));
        Assert.Equal(1, ClosedPagesRead(bed, before));
    }

    [Fact]
    public async Task Without_a_record_the_listing_reads_every_page_up_to_the_last_one()
    {
        await using var started = await StartAsync(250);
        var (bed, publisher, log) = started;
        var before = bed.Fake.Requests.Count;

        var listed = await publisher.ListToolPullRequestsAsync(PullRequestOwnership.Default, ClosedPullRequestWindow.Since(null), CancellationToken.None);

        Assert.Equal(250, listed.Count);
        Assert.Equal(3, ClosedPagesRead(bed, before));
        Assert.DoesNotContain(log.Lines, l => l.Contains("stopped listing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_first_run_on_a_big_repository_stops_at_the_page_bound_and_says_so()
    {
        await using var started = await StartAsync(250);
        var (bed, publisher, log) = started;
        var before = bed.Fake.Requests.Count;

        var listed = await publisher.ListToolPullRequestsAsync(PullRequestOwnership.Default, new ClosedPullRequestWindow(null, 2), CancellationToken.None);

        Assert.Equal(200, listed.Count);
        Assert.Equal(249, listed.Max(p => int.Parse(p.Marker.Entries[0].Key.Tag[1..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(2, ClosedPagesRead(bed, before));
        Assert.Contains(log.Lines, l => l.Contains("stopped listing closed pull requests after 2 pages (200 pull requests)", StringComparison.Ordinal));
    }
}
