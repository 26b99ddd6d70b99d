
using GitStreamSync.Core.Tests.Plan;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Tests.Propose;

public sealed class PullRequestBodyRendererTests
{
    private static Digest Sha(char c) => Digest.Parse("sha256:" + new string(c, 64));

    private static readonly PullRequestTagChange[] Changes =
    [
        new(new("a.yaml", "alpha", "2"), "alpha:2", Sha('a'), Sha('b'), null, DateTimeOffset.UnixEpoch),
        new(new("a.yaml", "alpha", "1"), "alpha:1", Sha('c'), Sha('d'), null, DateTimeOffset.UnixEpoch),
        new(new("b.yaml", "beta", "x"), "beta:x", null, Sha('e'), Platform.Parse("linux/s390x"), DateTimeOffset.UnixEpoch),
    ];

    [Fact]
    public void The_body_does_not_depend_on_the_order_of_its_input()
    {
        var forward = PullRequestBodyRenderer.Render(new PullRequestContent { BaseBranch = "main", Changes = Changes });
        var backward = PullRequestBodyRenderer.Render(new PullRequestContent { BaseBranch = "main", Changes = [.. Changes.Reverse()] });

        Assert.Equal(forward, backward);
        Assert.True(forward.IndexOf("| `1` |", StringComparison.Ordinal) < forward.IndexOf("| `2` |", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_streams_with_a_platform_choice_get_a_platform_column()
    {
        var body = PullRequestBodyRenderer.Render(new PullRequestContent { BaseBranch = "main", Changes = Changes });

        Assert.Contains("| Tag | Source | Digest | First seen |", body, StringComparison.Ordinal);
        Assert.Contains("| Tag | Source | Digest | Platform | First seen |", body, StringComparison.Ordinal);
        Assert.Contains("| `linux/s390x` |", body, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kept_index_reads_all_platforms_and_a_tag_without_a_choice_reads_a_dash()
    {
        PullRequestTagChange[] changes =
        [
            new(new("b.yaml", "beta", "legacy"), "beta:legacy", null, Sha('a'), Platform.LinuxAmd64, DateTimeOffset.UnixEpoch),
            new(new("b.yaml", "beta", "whole"), "beta:whole", null, Sha('b'), null, DateTimeOffset.UnixEpoch) { AllPlatforms = true },
            new(new("b.yaml", "beta", "alias"), "legacy", null, Sha('a'), null, DateTimeOffset.UnixEpoch),
        ];

        var body = PullRequestBodyRenderer.Render(new PullRequestContent { BaseBranch = "main", Changes = changes });

        Assert.Contains("| `legacy` | `beta:legacy` | (none) → `sha256:aaaaaaaaaaaa` | `linux/amd64` |", body, StringComparison.Ordinal);
        Assert.Contains("| `whole` | `beta:whole` | (none) → `sha256:bbbbbbbbbbbb` | all (index) |", body, StringComparison.Ordinal);
        Assert.Contains("| `alias` | `legacy` | (none) → `sha256:aaaaaaaaaaaa` | — |", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Streams_of_one_file_are_listed_by_name()
    {
        PullRequestTagChange[] changes =
        [
            new(new("a.yaml", "zeta", "1"), "zeta:1", null, Sha('a'), null, DateTimeOffset.UnixEpoch),
            new(new("a.yaml", "alpha", "1"), "alpha:1", null, Sha('b'), null, DateTimeOffset.UnixEpoch),
            new(new("0.yaml", "zeta", "1"), "zeta:1", null, Sha('c'), null, DateTimeOffset.UnixEpoch),
        ];

        var body = PullRequestBodyRenderer.Render(new PullRequestContent { BaseBranch = "main", Changes = changes });

        Assert.Equal(
            ["### `zeta` <sub>`0.yaml`</sub>", "### `alpha` <sub>`a.yaml`</sub>", "### `zeta` <sub>`a.yaml`</sub>"],
            body.Split('\n').Where(l => l.StartsWith("### ", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_body_with_no_changed_tag_whose_sections_pass_the_budget_still_renders_within_it()
    {
        var content = new PullRequestContent
        {
            BaseBranch = "main",
            Problems = [.. Enumerable.Range(0, 40).Select(i => new PullRequestProblem("p.yaml", "p", $"t{i:D2}", "manifest unknown"))],
        };

        var body = PullRequestBodyRenderer.Render(content, new PullRequestBodyBudget(400, 50, PullRequestMarker.DefaultMaxCharacters));

        Assert.StartsWith("GitStreamSync proposes 0 new image digests in 0 ImageStreams for `main`.\n", body, StringComparison.Ordinal);
        Assert.Contains("> This body lists 0 of the 0 changed tags", body, StringComparison.Ordinal);
        Assert.DoesNotContain("### `", body, StringComparison.Ordinal);
        Assert.Contains("more problems._", body, StringComparison.Ordinal);
        Assert.Empty(PullRequestMarker.Parse(body).Entries);
    }

    [Fact]
    public void Held_tags_are_listed_with_what_rejected_them()
    {
        var body = PullRequestBodyRenderer.Render(new PullRequestContent
        {
            BaseBranch = "main",
            Changes = Changes,
            Held = [new(new("a.yaml", "alpha", "3"), Sha('f'), "revert 1a2b3c4 by @someone")],
        });

        Assert.Contains("### Held on a rejected digest", body, StringComparison.Ordinal);
        Assert.Contains("| `a.yaml` | `alpha` | `3` | `sha256:ffffffffffff` | `revert 1a2b3c4 by @someone` |", body, StringComparison.Ordinal);
    }
}

public sealed class PullRequestFirstSeenTests
{
    private static Digest Sha(char c) => Digest.Parse("sha256:" + new string(c, 64));

    private static readonly DateTimeOffset Earlier = new(2026, 11, 27, 4, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

    private static PullRequestContent Content(char digest, DateTimeOffset now, string run) => new()
    {
        BaseBranch = "main",
        RunId = run,
        Changes =
        [
            new(new("a.yaml", "a", "1"), "a:1", null, Sha('a'), null, now),
            new(new("a.yaml", "a", "2"), "a:2", null, Sha(digest), null, now),
        ],
    };

    [Fact]
    public void A_later_run_proposing_the_same_digests_renders_the_same_body()
    {
        var first = Content('b', Earlier, "run-1");
        var marker = PullRequestMarker.Parse(PullRequestBodyRenderer.Render(first));

        var again = PullRequestPublication.KeepFirstSeen(Content('b', Later, "run-2"), marker);

        Assert.Equal(PullRequestBodyRenderer.Render(first), PullRequestBodyRenderer.Render(again));
    }

    [Fact]
    public void A_newer_digest_gets_the_new_time_and_run_while_the_others_keep_theirs()
    {
        var marker = PullRequestMarker.Parse(PullRequestBodyRenderer.Render(Content('b', Earlier, "run-1")));

        var next = PullRequestPublication.KeepFirstSeen(Content('c', Later, "run-2"), marker);

        Assert.Equal([Earlier, Later], next.Changes.Select(c => c.FirstSeen));
        Assert.Equal("run-2", next.RunId);
    }

    [Fact]
    public void A_new_pull_request_keeps_the_time_another_pull_request_of_the_tool_first_proposed_a_digest()
    {
        var closedBeforeRegroup = PullRequestMarker.Parse(PullRequestBodyRenderer.Render(Content('b', Earlier, "run-1")));

        var regrouped = PullRequestPublication.KeepFirstSeen(Content('b', Later, "run-2"), existing: null, [closedBeforeRegroup]);

        Assert.Equal([Earlier, Earlier], regrouped.Changes.Select(c => c.FirstSeen));
        Assert.Equal("run-2", regrouped.RunId);
    }
}
