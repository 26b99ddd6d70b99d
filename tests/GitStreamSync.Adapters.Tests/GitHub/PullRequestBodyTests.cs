using GitStreamSync.Core.Configuration;

using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Adapters.Tests.GitHub;

public sealed class PullRequestBodyTests
{
    [Fact]
    public async Task A_malicious_tag_source_and_message_are_shown_verbatim_in_code_spans_in_the_published_body()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        const string evil = "x](https://evil.example/a)<img src=x onerror=alert(1)> @octocat #1 `rm` | www.evil.example";
        var content = GitHubTestBed.Content() with
        {
            Changes = [new(new("streams/evil.yaml", "evil", evil), evil, null, GitHubTestBed.Sha('9'), null, GitHubTestBed.Now)],
            Problems = [new("streams/evil.yaml", "evil", evil, "[click](javascript:alert(1)) <script>alert(1)</script> @org/team")],
            Deferred = [],
        };
        var publication = new PullRequestPublication(await bed.PublisherAsync(), PullRequestSettings.Default);

        await publication.PublishAsync("main", GitHubTestBed.Groups(content, PullRequestSettings.Default), null, CancellationToken.None);

        var body = Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo)).Body!;
        GoldenFile.AssertMatches("malicious.body.md", body);
        // What GitHub renders: everything before the hidden marker (a comment renders nothing).
        var visible = body[..body.IndexOf(PullRequestMarker.Opening, StringComparison.Ordinal)];
        var markup = OutsideCodeSpans(visible);
        foreach (var injected in new[] { "<img", "<script", "](https", "](javascript", "@octocat", "@org", "#1 ", "https://", "www.evil", "`rm`" })
        {
            Assert.DoesNotContain(injected, markup, StringComparison.Ordinal);
        }

        // The reader sees (and copies) the exact text, with no invisible characters, and the row keeps its four cells.
        Assert.DoesNotContain('\u200B', body);
        var row = visible.Split('\n').Single(l => l.StartsWith("| ``x]", StringComparison.Ordinal));
        Assert.Equal(5, row.Count(c => c == '|') - row.Split("\\|").Length + 1);
        Assert.Contains("``" + evil.Replace("|", "\\|", StringComparison.Ordinal) + "``", row, StringComparison.Ordinal);

        Assert.DoesNotContain("-->", body[body.IndexOf(PullRequestMarker.Opening, StringComparison.Ordinal)..^4], StringComparison.Ordinal);

        // The marker still carries the exact tag, for rollback detection.
        Assert.Equal(evil, Assert.Single(PullRequestMarker.Parse(body).Entries).Key.Tag);
    }

    /// <summary>The text GitHub parses as Markdown: each line with its code spans (CommonMark: a run of N backticks up to the next run of exactly N) removed.</summary>
    private static string OutsideCodeSpans(string markdown) => string.Join('\n', markdown.Split('\n').Select(line =>
    {
        var kept = new System.Text.StringBuilder();
        for (var i = 0; i < line.Length;)
        {
            if (line[i] != '`')
            {
                kept.Append(line[i++]);
                continue;
            }

            var n = line[i..].TakeWhile(c => c == '`').Count();
            var close = -1;
            for (var j = i + n; j < line.Length;)
            {
                var run = line[j..].TakeWhile(c => c == '`').Count();
                if (run == n)
                {
                    close = j;
                    break;
                }

                j += Math.Max(run, 1);
            }

            if (close < 0)
            {
                kept.Append(line, i, n);
                i += n;
            }
            else
            {
                kept.Append("CODE");
                i = close + n;
            }
        }

        return kept.ToString();
    }));
}
