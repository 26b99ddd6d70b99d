using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Tests.Publish;

public sealed class BranchProposalsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    private static string Stream(string name, string tag) => $"""
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: {name}
        spec:
          tags:
          - name: {tag}
            reference: true
            from:
              kind: DockerImage
              name: quay.io/acme/{name}:{tag}

        """;

    private static readonly IReadOnlyList<SourceFile> Files =
    [
        new("streams/shared.yaml", Stream("tools", "1.0") + "---\n" + Stream("runtime", "2.0")),
        new("streams/web.yaml", Stream("web", "3.0")),
        new("other/web.yaml", Stream("web", "4.0")),
    ];

    private static (SyncPlan Plan, StatusEdits Edits) Plan()
    {
        var plan = SyncPlanner.Plan(new PlanInput { Streams = ImageStreamReader.ReadRepository(Files).Streams, Now = Now });
        return (plan, StatusEdits.Apply(Files, plan));
    }

    [Fact]
    public void One_branch_holds_every_edit_when_not_grouping_by_stream()
    {
        var (plan, edits) = Plan();

        var proposal = Assert.Single(BranchProposals.Split("gitstreamsync/main", byStream: false, Files, plan, edits, "run-1"));

        Assert.Equal(("gitstreamsync/main", null), (proposal.Branch, proposal.Stream));
        Assert.Equal(edits.Files, proposal.Edits.Files);
        Assert.Equal(4, proposal.Content.Statuses.Count);
    }

    [Fact]
    public void Grouping_by_stream_gives_each_stream_name_a_branch_with_only_its_status_edits()
    {
        var (plan, edits) = Plan();

        var proposals = BranchProposals.Split("gitstreamsync/main", byStream: true, Files, plan, edits, "run-1");

        Assert.Equal(["gitstreamsync/main/runtime", "gitstreamsync/main/tools", "gitstreamsync/main/web"], proposals.Select(p => p.Branch));
        var tools = proposals.Single(p => p.Stream == "tools");
        var shared = Assert.Single(tools.Edits.Files);
        var documents = shared.Text.Split("---\n");
        Assert.Contains("status:", documents[0], StringComparison.Ordinal);
        Assert.Equal(Stream("runtime", "2.0"), documents[1]);
        Assert.Equal(["streams/shared.yaml#tools:1.0"], tools.Content.Statuses.Select(s => s.Key.ToString()));
        Assert.Contains("GitStreamSync-Run: run-1", tools.Message, StringComparison.Ordinal);

        // Two streams named web in two files share one branch.
        var web = proposals.Single(p => p.Stream == "web");
        Assert.Equal(["other/web.yaml", "streams/web.yaml"], web.Edits.Files.Select(f => f.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Nothing_edited_means_no_branch()
    {
        var plan = new SyncPlan(Now, []);

        Assert.Empty(BranchProposals.Split("gitstreamsync/main", byStream: true, Files, plan, StatusEdits.Apply(Files, plan), "run-1"));
    }

    [Theory]
    [InlineData("gitstreamsync/main", "gitstreamsync/main/web", true)]
    [InlineData("gitstreamsync/main/web", "gitstreamsync/main", true)]
    [InlineData("gitstreamsync", "gitstreamsync/main", true)]
    [InlineData("gitstreamsync/main-old", "gitstreamsync/main", false)]
    [InlineData("gitstreamsync/main", "gitstreamsync/main", false)]
    [InlineData("gitstreamsync/main/web", "gitstreamsync/main/webapp", false)]
    public void A_branch_blocks_another_when_one_name_continues_the_other_after_a_slash(string published, string wanted, bool blocks)
    {
        Assert.Equal(blocks, BlockingBranches.Find([published, "main"], wanted).Count == 1);
    }

    [Fact]
    public void The_base_digests_are_the_first_status_item_of_each_followed_tag()
    {
        var withStatus = Stream("app", "1.0") + """
            status:
              dockerImageRepository: ""
              tags:
              - tag: "1.0"
                items:
                - created: "2026-11-27T04:00:00Z"
                  dockerImageReference: quay.io/acme/app@sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
                  image: sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
                  generation: 1
                - created: "2026-11-26T04:00:00Z"
                  dockerImageReference: quay.io/acme/app@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                  image: sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
                  generation: 1
              - tag: removed
                items:
                - created: "2026-11-26T04:00:00Z"
                  dockerImageReference: quay.io/acme/app@sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc
                  image: sha256:cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc
                  generation: 1

            """;
        var streams = ImageStreamReader.ReadRepository([new SourceFile("a.yaml", withStatus)]).Streams;

        var digests = PullRequestRunFacts.CurrentDigestsOf(streams);

        var (key, digest) = Assert.Single(digests);
        Assert.Equal("a.yaml#app:1.0", key.ToString());
        Assert.Equal(Digest.Parse("sha256:" + new string('b', 64)), digest);
    }
}
