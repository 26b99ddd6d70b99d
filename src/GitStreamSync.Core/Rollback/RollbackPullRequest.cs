using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using System.Globalization;
using System.Text;

namespace GitStreamSync.Core.Rollback;

/// <summary>
/// The pull request of a <c>rollback</c> run: its branch, title, body and marker. The branch lies
/// outside <c>gitstreamsync/&lt;base&gt;</c> and <c>gitstreamsync/&lt;base&gt;/…</c>, which sync
/// closes when it has nothing to propose, and the marker's group starts with <c>rollback/</c>: a
/// person closing a rollback pull request unmerged declines the rollback, which must not reject the
/// older digest it proposed (rollback detection skips these markers).
/// </summary>
internal static class RollbackPullRequest
{
    private const string GroupPrefix = "rollback/";

    /// <summary>
    /// <c>gitstreamsync/rollback/&lt;base&gt;/&lt;stream&gt;-&lt;tag&gt;</c>. When other files define a stream of
    /// the same name, a short hash of the file's path follows, so two rollbacks never share a branch.
    /// </summary>
    public static string BranchFor(string baseBranch, TagKey key, bool streamNameShared = false)
    {
        ArgumentNullException.ThrowIfNull(key);
        var branch = $"gitstreamsync/rollback/{baseBranch}/{key.Stream}-{key.Tag}";
        return streamNameShared
            ? branch + "-" + Images.Digest.ComputeSha256(Encoding.UTF8.GetBytes(key.FilePath)).Hex[..8]
            : branch;
    }

    public static bool IsRollback(PullRequestMarker marker)
    {
        ArgumentNullException.ThrowIfNull(marker);
        return marker.Group?.StartsWith(GroupPrefix, StringComparison.Ordinal) == true;
    }

    public static PullRequestDraft Draft(RollbackReport report, Configuration.PullRequestSettings settings, string? runId)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(settings);
        var key = report.Key ?? throw new ArgumentException("a rollback pull request needs a planned rollback", nameof(report));
        var to = report.ToDigest ?? throw new ArgumentException("a rollback pull request needs the digest rolled back to", nameof(report));
        return new PullRequestDraft
        {
            HeadBranch = report.Branch,
            BaseBranch = report.BaseBranch,
            Title = GitHubTextLimits.Cut(RollbackPlan.SubjectFor(key, to), GitHubTextLimits.TitleCharacters),
            Body = Body(report, key, to, runId),
            Labels = settings.Labels,
            Reviewers = settings.Reviewers,
            TeamReviewers = settings.TeamReviewers,
            Assignees = settings.Assignees,
            Draft = settings.Draft,
            // A person asked for this rollback: the limit on the tool's own proposals does not apply.
            MaxOpenPullRequests = null,
            Ownership = settings.Ownership,
        };
    }

    private static string Body(RollbackReport report, TagKey key, Images.Digest to, string? runId)
    {
        var from = report.FromDigest;
        var tag = PullRequestMarkdown.Code($"{key.Stream}:{key.Tag}");
        var body = new StringBuilder();
        body.Append("GitStreamSync rolls back ").Append(tag).Append(" in ").Append(PullRequestMarkdown.Code(key.FilePath))
            .Append(" on ").Append(PullRequestMarkdown.Code(report.BaseBranch)).Append(" to an image the tag had before.\n\n");
        body.Append("| Tag | Source | Digest | Back to |\n| --- | --- | --- | --- |\n");
        body.Append("| ").Append(PullRequestMarkdown.CodeCell(key.Tag))
            .Append(" | ").Append(PullRequestMarkdown.CodeCell(report.Source ?? report.To?.DockerImageReference))
            .Append(" | ").Append(from is null ? "(none)" : Code(from.Abbreviated)).Append(" → ").Append(Code(to.Abbreviated))
            .Append(" | ").Append(string.Create(CultureInfo.InvariantCulture, $"items[{report.Index}], recorded {report.To!.Created.UtcDateTime:yyyy-MM-dd HH:mm} UTC"))
            .Append(" |\n");
        foreach (var follower in report.Followers)
        {
            var followerFrom = Images.Digest.TryParse(follower.OldImage, out var parsed) ? Code(parsed.Abbreviated) : "(none)";
            body.Append("| ").Append(PullRequestMarkdown.CodeCell(follower.Stream == key.Stream ? follower.Tag : $"{follower.Stream}:{follower.Tag}"))
                .Append(" | follows ").Append(PullRequestMarkdown.CodeCell($"{key.Stream}:{key.Tag}"))
                .Append(" | ").Append(followerFrom).Append(" → ").Append(Code(to.Abbreviated)).Append(" | moves with it |\n");
        }

        body.Append("\n<details><summary>Full digests</summary>\n\n");
        body.Append("- rolled away from: ").Append(from is null ? "(none)" : Code(from.ToString())).Append('\n');
        body.Append("- rolled back to: ").Append(Code(to.ToString())).Append(" (").Append(PullRequestMarkdown.Code(report.To.DockerImageReference)).Append(")\n\n</details>\n");
        body.Append("\n---\n\n");
        body.Append("Merging makes ").Append(Code(to.Abbreviated)).Append(" current again, as a new history event");
        if (from is not null)
        {
            body.Append(", and holds ").Append(Code(from.Abbreviated))
                .Append(": GitStreamSync will not propose it for this tag again until upstream publishes another digest, which is proposed normally. ")
                .Append("To release the hold later, revert the merged commit, run `gitstreamsync sync --include-rejected`, or list the tag under `rollback.includeRejected` in `.gitstreamsync.yaml`");
        }

        body.Append(". Closing this pull request without merging rejects nothing: the tag stays where it is.");
        if (runId is not null)
        {
            body.Append(" Run ").Append(PullRequestMarkdown.Code(runId)).Append('.');
        }

        var entry = new PullRequestMarkerEntry(key, from, to);
        var marker = new PullRequestMarker(report.BaseBranch, $"{GroupPrefix}{key.Stream}:{key.Tag}", [entry]) { RunId = runId };
        body.Append("\n\n").Append(marker.Format()).Append('\n');
        return body.ToString();
    }

    // Only parsed digests go into code spans: their grammar has no backtick or pipe.
    private static string Code(string digestText) => "`" + digestText + "`";
}
