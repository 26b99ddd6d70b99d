using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Review;

/// <summary>
/// Image configs (labels, <c>created</c>) are read only for someone who reads them: a pull request's
/// provenance or a minimum age. A plan or a sync without pull requests asks the registry for tags'
/// manifests and nothing more; with a minimum age it still reads them and waits. Real registry with
/// its access log, real Git server, the GitHub fake.
/// </summary>
public sealed class ImageConfigReadsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Plan_and_a_sync_without_pull_requests_read_no_image_config()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var bed = await StartAsync(new Dictionary<string, string>(), timeout.Token);

        var plan = await bed.RunAsync("plan", new ReviewTestBed.FixedClock(Now));
        var sync = await bed.RunAsync("sync", new ReviewTestBed.FixedClock(Now), "--no-pull-request");

        Assert.True(plan.ExitCode == 0, plan.Error);
        Assert.Contains("app:1", plan.Out, StringComparison.Ordinal);
        Assert.True(sync.ExitCode == 0, sync.Error);
        Assert.NotNull(bed.Git.BranchTip("images", "gitstreamsync/main"));
        Assert.True(Requests(bed, "/manifests/") >= 2, "the tag was resolved by both runs");
        Assert.Equal(0, Requests(bed, "/blobs/"));
    }

    [Fact]
    public async Task A_minimum_age_still_reads_the_image_config_in_a_plan_and_the_young_digest_waits()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var bed = await StartAsync(new Dictionary<string, string> { [".gitstreamsync.yaml"] = "minimumAge: 3d\n" }, timeout.Token);

        var plan = await bed.RunAsync("plan", new ReviewTestBed.FixedClock(Now));

        Assert.Contains("waiting until 2026-03-04 00:00 UTC (created 2026-03-01 00:00 UTC, minimum age 3d)", plan.Out + plan.Error, StringComparison.Ordinal);
        Assert.True(Requests(bed, "/blobs/") >= 1);
    }

    [Fact]
    public async Task A_sync_that_opens_a_pull_request_reads_the_image_config_for_its_provenance()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var bed = await StartAsync(new Dictionary<string, string>(), timeout.Token);

        var sync = await bed.RunAsync("sync", new ReviewTestBed.FixedClock(Now));

        Assert.Contains("pull request #1 created", sync.Out, StringComparison.Ordinal);
        Assert.True(Requests(bed, "/blobs/") >= 1);
    }

    private static async Task<ReviewTestBed> StartAsync(Dictionary<string, string> files, CancellationToken cancellationToken)
    {
        files["streams/app.yaml"] = ReviewTestBed.Stream("app", ("1", "acme/app:1"));
        var bed = await ReviewTestBed.StartAsync(files, cancellationToken, new RegistryServerOptions { AccessLog = true });
        using var seeder = bed.Seeder();
        await seeder.PushImageAsync("acme/app", "1", ManifestFormat.Oci, Platform.LinuxAmd64, "v1",
            new SeededConfig(new Dictionary<string, string> { ["org.opencontainers.image.version"] = "1.0.0" }, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero)), cancellationToken);
        return bed;
    }

    /// <summary>GETs in the registry's access log whose path has <paramref name="kind"/> (/manifests/, /blobs/); the seeding only pushes.</summary>
    private static int Requests(ReviewTestBed bed, string kind)
    {
        using var stream = new FileStream(bed.Registry.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            count += line.Contains("\"GET /v2/", StringComparison.Ordinal) && line.Contains(kind, StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }
}
