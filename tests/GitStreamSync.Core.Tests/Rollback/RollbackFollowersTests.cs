using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using GitStreamSync.Core.Tests.Edit;

namespace GitStreamSync.Core.Tests.Rollback;

/// <summary>
/// Tags that follow the rolled-back tag move with it in the same commit (Golden/rollback-followers):
/// myubuntu:current tracks 16.04 in its stream; webapp-base:build follows myubuntu:16.04 and
/// webapp-base:chain follows build; webapp-base:frozen follows 18.04, at the same digest, and stays.
/// </summary>
public sealed class RollbackFollowersTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 8, 30, 0, TimeSpan.Zero);
    private static readonly string CaseDirectory = Path.Combine(GoldenFile.Folder(), "rollback-followers");

    private static SourceFile[] Inputs() =>
    [
        new("streams/ubuntu.yaml", GoldenFile.Read(Path.Combine(CaseDirectory, "ubuntu.yaml"))),
        new("streams/webapp.yaml", GoldenFile.Read(Path.Combine(CaseDirectory, "webapp.yaml"))),
    ];

    private static RollbackPlan Plan() =>
        RollbackPlanner.Plan(ImageStreamReader.ReadRepository(Inputs()).Streams, new RollbackTarget("myubuntu", "16.04"), Now, 10).Plan!;

    [Fact]
    public void Followers_in_the_stream_and_in_other_streams_take_the_new_event_with_their_own_generation()
    {
        var plan = Plan();

        Assert.Equal(
            [
                ("myubuntu", "16.04", 3L),
                ("myubuntu", "current", 3L),
                ("webapp-base", "build", 8L),
                ("webapp-base", "chain", 8L),
            ],
            plan.Changes.Select(c => (c.Stream, c.Tag, GenerationOf(plan, c))));
        var written = plan.Stream.NewStatus!.Tags.Single(t => t.Tag == "16.04").Items[0];
        Assert.All(plan.Changes, c => Assert.Equal((written.Image, written.DockerImageReference), (c.NewImage, c.NewReference)));
        Assert.All(plan.Changes.Skip(1), c => Assert.Equal(plan.Change.OldImage, c.OldImage));
        Assert.Equal(plan.Change, plan.Changes[0]);
    }

    [Fact]
    public void Both_files_are_written_as_the_golden_files_and_the_commit_names_every_tag_it_moves()
    {
        var plan = Plan();
        var edits = StatusEdits.Apply(Inputs(), plan.AsSyncPlan());

        Assert.Empty(edits.Problems);
        Assert.Equal(["streams/ubuntu.yaml", "streams/webapp.yaml"], edits.Files.Select(f => f.Path));
        GoldenFile.AssertMatches(Path.Combine(CaseDirectory, "ubuntu.expected.yaml"), edits.Files[0].Text);
        GoldenFile.AssertMatches(Path.Combine(CaseDirectory, "webapp.expected.yaml"), edits.Files[1].Text);
        var record = CommitMessageParser.Parse(CommitMessageWriter.Write(plan.CommitContent("run-1")));
        Assert.Equal(
            ["streams/ubuntu.yaml#myubuntu:16.04", "streams/ubuntu.yaml#myubuntu:current", "streams/webapp.yaml#webapp-base:build", "streams/webapp.yaml#webapp-base:chain"],
            record.Digests.Select(d => d.Key.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(["streams/ubuntu.yaml#myubuntu:16.04"], record.Rejected.Select(r => r.Key.ToString()));
    }

    [Fact]
    public void A_follower_already_at_the_older_image_is_left_as_it_is_and_so_are_its_own_followers()
    {
        const string X = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881";
        const string A = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";
        var files = Inputs();
        var atX = $"      dockerImageReference: ubuntu@sha256:{X}\n      generation: 7\n      image: sha256:{X}\n    tag: build\n";
        Assert.Contains(atX, files[1].Text, StringComparison.Ordinal);
        files[1] = files[1] with { Text = files[1].Text.Replace(atX, atX.Replace(X, A, StringComparison.Ordinal), StringComparison.Ordinal) };

        var plan = RollbackPlanner.Plan(ImageStreamReader.ReadRepository(files).Streams, new RollbackTarget("myubuntu", "16.04"), Now, 10).Plan!;

        Assert.Equal(["16.04", "current"], plan.Changes.Select(c => c.Tag));
        Assert.Empty(plan.Followers);
    }

    private static long GenerationOf(RollbackPlan plan, TagChange change) =>
        new[] { plan.Stream }.Concat(plan.Followers)
            .Single(p => p.Stream.Name == change.Stream)
            .NewStatus!.Tags.Single(t => t.Tag == change.Tag).Items[0].Generation;
}
