using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>
/// Every part of a pull-request body as a reviewer reads it: the summary in the right number, the
/// tables with provenance, each section with its rows and how many more, the footer; and the
/// boundary where a body stops listing every tag.
/// </summary>
public sealed class PullRequestBodySectionsTests
{
    private static readonly DateTimeOffset Seen = new(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);
    private const string GitHubSource = "https://github.com/acme/web";

    [Fact]
    public void A_body_with_every_section_and_provenance_matches_the_golden_file()
    {
        var body = PullRequestBodyRenderer.Render(EverySection());

        GoldenFile.AssertMatches("pull-request-body-sections.md", body);
        Assert.True(PullRequestMarker.Parse(body).Entries.Count == 4);
    }

    [Theory]
    [InlineData(1, "GitStreamSync proposes 1 new image digest in 1 ImageStream for `main`.\n")]
    [InlineData(2, "GitStreamSync proposes 2 new image digests in 2 ImageStreams for `main`.\n")]
    [InlineData(0, "GitStreamSync proposes 0 new image digests in 0 ImageStreams for `main`.\n")]
    public void The_summary_counts_digests_and_ImageStreams_in_the_right_number(int streams, string summary)
    {
        var content = ManyTags.Content(streams, perStream: 1);

        Assert.StartsWith(summary, PullRequestBodyRenderer.Render(content), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, null)]
    [InlineData(4, "_… and 1 more problem._")]
    [InlineData(5, "_… and 2 more problems._")]
    public void A_section_lists_up_to_its_rows_and_counts_the_rest_in_the_right_number(int problems, string? more)
    {
        var content = ManyTags.Content(1) with
        {
            Problems = [.. Enumerable.Range(0, problems).Select(i => new PullRequestProblem("p.yaml", "p", $"t{i}", "manifest unknown"))],
        };

        var body = PullRequestBodyRenderer.Render(content, PullRequestBodyBudget.Default with { SectionRows = 3 });

        Assert.Equal(Math.Min(problems, 3), body.Split('\n').Count(l => l.StartsWith("| `p.yaml` |", StringComparison.Ordinal)));
        if (more is null)
        {
            Assert.DoesNotContain("more problem", body, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains("\n\n" + more + "\n", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("deferred", "deferred tag")]
    [InlineData("held", "held tag")]
    [InlineData("waiting", "waiting tag")]
    [InlineData("unverified", "waiting tag")]
    public void Each_section_counts_what_it_leaves_out_in_its_own_words(string section, string one)
    {
        var key = new TagKey("s.yaml", "s", "t");
        var digest = ManyTags.DigestOf(section);
        var content = section switch
        {
            "deferred" => ManyTags.Content(1) with { Deferred = [new(key, "503"), new(key with { Tag = "u" }, "503"), new(key with { Tag = "v" }, "503")] },
            "held" => ManyTags.Content(1) with { Held = [new(key, digest, "#1"), new(key with { Tag = "u" }, digest, "#1"), new(key with { Tag = "v" }, digest, "#1")] },
            "waiting" => ManyTags.Content(1) with { Waiting = [new(key, digest, "until"), new(key with { Tag = "u" }, digest, "until"), new(key with { Tag = "v" }, digest, "until")] },
            _ => ManyTags.Content(1) with { Unverified = [new(key, digest, "no signature"), new(key with { Tag = "u" }, digest, "no signature"), new(key with { Tag = "v" }, digest, "no signature")] },
        };

        var oneLeft = PullRequestBodyRenderer.Render(content, PullRequestBodyBudget.Default with { SectionRows = 2 });
        var twoLeft = PullRequestBodyRenderer.Render(content, PullRequestBodyBudget.Default with { SectionRows = 1 });

        Assert.Contains($"_… and 1 more {one}._", oneLeft, StringComparison.Ordinal);
        Assert.Contains($"_… and 2 more {one}s._", twoLeft, StringComparison.Ordinal);
    }

    [Fact]
    public void Sections_share_two_thirds_of_the_visible_text_and_the_changed_tags_keep_the_rest()
    {
        var key = new TagKey("streams/s.yaml", "s", "t");
        var digest = ManyTags.DigestOf("s");
        IEnumerable<int> Many() => Enumerable.Range(0, 400);
        var content = ManyTags.Content(40, perStream: 10) with
        {
            Problems = [.. Many().Select(i => new PullRequestProblem("p.yaml", "p", $"t{i:D3}", "manifest unknown"))],
            Deferred = [.. Many().Select(i => new PullRequestDeferredTag(key with { Tag = $"d{i:D3}" }, "registry answered 503"))],
            Held = [.. Many().Select(i => new PullRequestHeldTag(key with { Tag = $"h{i:D3}" }, digest, "closed pull request #12"))],
            Waiting = [.. Many().Select(i => new PullRequestWaitingTag(key with { Tag = $"w{i:D3}" }, digest, "waiting until 2026-12-01 04:00 UTC"))],
            Unverified = [.. Many().Select(i => new PullRequestWaitingTag(key with { Tag = $"u{i:D3}" }, digest, "SignatureMissing: no signature"))],
        };
        const int Visible = 12_000;

        var body = PullRequestBodyRenderer.Render(content, new PullRequestBodyBudget(Visible, 1_000, PullRequestMarker.DefaultMaxCharacters));

        var rows = Rows(body);
        // Each of problems, deferred and held takes at most a sixth of the visible text, waiting and unverified a twelfth each.
        Assert.InRange(rows["Problems"], 1, Visible / 6);
        Assert.InRange(rows["Deferred to a later run"], 1, Visible / 6);
        Assert.InRange(rows["Held on a rejected digest"], 1, Visible / 6);
        Assert.InRange(rows["Waiting for the minimum age"], 1, Visible / 12);
        Assert.InRange(rows["Held: signature not verified"], 1, Visible / 12);
        // What the sections leave over lists tags: more than one row per ImageStream fits.
        Assert.Contains("(at most the first ", body, StringComparison.Ordinal);
        Assert.DoesNotContain("(at most the first 1 of each", body, StringComparison.Ordinal);
        Assert.True(body.Length - PullRequestMarker.Parse(body).Format().Length <= Visible + 64, $"{body.Length} characters");
    }

    [Fact]
    public void A_body_lists_every_tag_up_to_the_last_character_of_its_budget()
    {
        var content = ManyTags.Content(12, perStream: 4) with { Problems = [new("p.yaml", "p", "t", "manifest unknown")] };
        var whole = PullRequestBodyRenderer.Render(content);
        var visible = whole.Length - ("\n\n" + PullRequestMarker.From(content).Format() + "\n").Length;

        var fits = PullRequestBodyRenderer.Render(content, new PullRequestBodyBudget(visible, 50, PullRequestMarker.DefaultMaxCharacters));
        var cut = PullRequestBodyRenderer.Render(content, new PullRequestBodyBudget(visible - 1, 50, PullRequestMarker.DefaultMaxCharacters));

        Assert.Equal(whole, fits);
        Assert.Contains("> This body lists ", cut, StringComparison.Ordinal);
        Assert.True(cut.Length <= whole.Length, $"the cut body has {cut.Length} characters, the whole one {whole.Length}");
    }

    [Fact]
    public void A_body_of_the_most_tags_still_has_room_for_the_tool_to_mark_it_closed()
    {
        var body = PullRequestBodyRenderer.Render(ManyTags.Content(20_000, perStream: 20_000));
        var marker = PullRequestMarker.Parse(body);

        var closed = PullRequestMarker.Replace(body, marker with { ClosedByTool = true });

        Assert.True(closed.Length <= GitHubTextLimits.BodyCharacters, $"{closed.Length} characters");
        Assert.Contains("_… and ", body, StringComparison.Ordinal);
    }

    [Fact]
    public void Streams_that_do_not_fit_are_counted_with_their_tags()
    {
        var content = ManyTags.Content(40, perStream: 1);

        var body = PullRequestBodyRenderer.Render(content, new PullRequestBodyBudget(4_000, 50, PullRequestMarker.DefaultMaxCharacters));

        var shown = body.Split('\n').Count(l => l.StartsWith("| `v1.0.0` |", StringComparison.Ordinal));
        Assert.InRange(shown, 1, 39);
        Assert.Contains($"_… and {40 - shown} changed tags in {40 - shown} more ImageStreams._", body, StringComparison.Ordinal);
        Assert.Contains($"This body lists {shown} of the 40 changed tags (at most the first 1 of each ImageStream)", body, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_stream_that_does_not_fit_is_counted_in_the_singular()
    {
        var content = ManyTags.Content(2, perStream: 1);
        var first = PullRequestBodyRenderer.Render(ManyTags.Content(1, perStream: 1));
        var tableOfOne = first.Length - ("\n\n" + PullRequestMarker.From(ManyTags.Content(1, perStream: 1)).Format() + "\n").Length;

        var body = PullRequestBodyRenderer.Render(content, new PullRequestBodyBudget(tableOfOne + 420, 50, PullRequestMarker.DefaultMaxCharacters));

        Assert.Contains("_… and 1 changed tag in 1 more ImageStream._", body, StringComparison.Ordinal);
    }

    /// <summary>The characters of each section's rows, by its heading.</summary>
    private static Dictionary<string, int> Rows(string body)
    {
        var rows = new Dictionary<string, int>();
        string? section = null;
        foreach (var line in body.Split('\n'))
        {
            if (line.StartsWith("### ", StringComparison.Ordinal))
            {
                section = line[4..];
                rows[section] = 0;
            }
            else if (section is not null && line.StartsWith("| `", StringComparison.Ordinal))
            {
                rows[section] += line.Length + 1;
            }
        }

        return rows;
    }

    private static PullRequestContent EverySection()
    {
        var web = new TagKey("streams/web.yaml", "web", "1.1");
        var old = ManyTags.DigestOf("web old");
        var now = ManyTags.DigestOf("web new");
        var index = ManyTags.DigestOf("web index");
        var amd64 = Platform.Parse("linux/amd64");
        var arm64 = Platform.Parse("linux/arm64/v8");
        return new PullRequestContent
        {
            BaseBranch = "main",
            Group = "web",
            RunId = "20261128T040000Z-1a2b3c",
            Changes =
            [
                new(web, "quay.io/acme/web:1.1", old, now, amd64, Seen)
                {
                    Provenance = new TagProvenance(
                        new ImageFacts(old) { Labels = Labels(("version", "1.0"), ("revision", "abc1234"), ("source", GitHubSource), ("created", "2026-11-01T00:00:00Z"), ("base.digest", "sha256:0ld")) },
                        new ImageFacts(now) { Labels = Labels(("version", "1.1"), ("revision", "def5678"), ("source", GitHubSource), ("created", "2026-11-01T00:00:00Z"), ("base.name", "docker.io/library/debian:12")), Platforms = [amd64, arm64], Chosen = amd64 }),
                },
                new(web with { Tag = "edge" }, "quay.io/acme/web:edge", null, index, null, Seen.AddHours(-5)) { AllPlatforms = true, Provenance = new TagProvenance(null, new ImageFacts(index) { Unreadable = "quay.io/acme/web@sha256:…: 401 Unauthorized", Platforms = [amd64, arm64] }) },
                new(web with { Tag = "plain" }, "quay.io/acme/web:plain", null, old, null, Seen) { Provenance = new TagProvenance(null, null) },
                new(new("streams/api.yaml", "api", "2"), "ghcr.io/acme/api:2", now, old, null, Seen)
                {
                    Provenance = new TagProvenance(new ImageFacts(now) { Labels = Labels(("revision", "1111111")) }, new ImageFacts(old) { Chosen = arm64 }),
                },
            ],
            Problems = [new("streams/api.yaml", "api", "3", "NotFound: ghcr.io/acme/api:3: manifest unknown"), new("streams/bad.yaml", null, null, "line 4: not a mapping")],
            Deferred = [new(new("streams/api.yaml", "api", "4"), "ghcr.io/acme/api:4: registry answered 503")],
            Held = [new(new("streams/api.yaml", "api", "5"), ManyTags.DigestOf("rejected"), "closed pull request #12")],
            Waiting = [new(new("streams/web.yaml", "web", "next"), ManyTags.DigestOf("young"), "waiting until 2026-12-01 04:00 UTC (created 2026-11-28 04:00 UTC, minimum age 3d)")],
            Unverified = [new(new("streams/web.yaml", "web", "signed"), ManyTags.DigestOf("unsigned"), "SignatureMissing: no cosign signature for the digest")],
        };
    }

    private static Dictionary<string, string> Labels(params (string Key, string Value)[] labels) =>
        labels.ToDictionary(l => "org.opencontainers.image." + l.Key, l => l.Value);
}
