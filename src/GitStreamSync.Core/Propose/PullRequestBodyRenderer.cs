using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using System.Globalization;
using System.Text;

namespace GitStreamSync.Core.Propose;

/// <summary>
/// The pull-request body: a summary line, a table per ImageStream, full digests folded in a
/// details block, problems, deferred and held tags in sections of their own, a footer saying what
/// merging and closing do, and the hidden <see cref="PullRequestMarker"/>. Pure and deterministic:
/// the same content gives the same bytes, so an unchanged run leaves the pull request untouched.
/// Every value from a repository or registry goes through <see cref="PullRequestMarkdown.Text"/>.
/// </summary>
internal static class PullRequestBodyRenderer
{
    public static string Render(PullRequestContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var body = new StringBuilder();
        var changes = content.Changes.Count;
        var streams = content.StreamCount;
        body.Append(CultureInfo.InvariantCulture,
            $"GitStreamSync proposes {changes} new image {Plural(changes, "digest", "digests")} in {streams} {Plural(streams, "ImageStream", "ImageStreams")} for **{PullRequestMarkdown.Text(content.BaseBranch)}**.\n");

        foreach (var stream in content.Changes.GroupBy(c => (c.Key.FilePath, c.Key.Stream)).OrderBy(g => g.Key.FilePath, StringComparer.Ordinal).ThenBy(g => g.Key.Stream, StringComparer.Ordinal))
        {
            AppendStream(body, stream.Key.FilePath, stream.Key.Stream, [.. stream.OrderBy(c => c.Key.Tag, StringComparer.Ordinal)]);
        }

        AppendProblems(body, content.Problems);
        AppendDeferred(body, content.Deferred);
        AppendHeld(body, content.Held);

        body.Append("\n---\n\n");
        body.Append("Merging applies these digests. Closing this pull request without merging rejects them: ")
            .Append("GitStreamSync will not propose these digests for these tags again, and proposes a newer digest normally. ")
            .Append("Each run updates this pull request in place.");
        if (content.RunId is not null)
        {
            body.Append(" Run ").Append(PullRequestMarkdown.Text(content.RunId)).Append('.');
        }

        body.Append("\n\n").Append(PullRequestMarker.From(content).Format()).Append('\n');
        return body.ToString();
    }

    private static void AppendStream(StringBuilder body, string filePath, string stream, IReadOnlyList<PullRequestTagChange> changes)
    {
        var multiArch = changes.Any(c => c.Platform is not null || c.AllPlatforms);
        body.Append("\n### ").Append(PullRequestMarkdown.Text(stream))
            .Append(" <sub>").Append(PullRequestMarkdown.Text(filePath)).Append("</sub>\n\n");
        body.Append(multiArch ? "| Tag | Source | Digest | Platform | First seen |\n| --- | --- | --- | --- | --- |\n"
                              : "| Tag | Source | Digest | First seen |\n| --- | --- | --- | --- |\n");
        foreach (var change in changes)
        {
            body.Append("| ").Append(PullRequestMarkdown.Text(change.Key.Tag))
                .Append(" | ").Append(PullRequestMarkdown.Text(change.Source))
                .Append(" | ").Append(change.OldDigest is null ? "(none)" : Code(change.OldDigest.Abbreviated))
                .Append(" → ").Append(Code(change.NewDigest.Abbreviated));
            if (multiArch)
            {
                body.Append(" | ").Append(PlatformCell(change));
            }

            body.Append(" | ").Append(change.FirstSeen.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(" |\n");
        }

        body.Append("\n<details><summary>Full digests</summary>\n\n");
        foreach (var change in changes)
        {
            body.Append("- ").Append(PullRequestMarkdown.Text(change.Key.Tag)).Append(": ")
                .Append(change.OldDigest is null ? "(none)" : Code(change.OldDigest.ToString()))
                .Append(" → ").Append(Code(change.NewDigest.ToString())).Append('\n');
        }

        body.Append("\n</details>\n");
    }

    // A tag that follows another tag, or a plain single-platform manifest, has no platform to show.
    private static string PlatformCell(PullRequestTagChange change) =>
        change.Platform is { } platform ? PullRequestMarkdown.Text(platform.ToString())
        : change.AllPlatforms ? "all (index)"
        : "—";

    private static void AppendProblems(StringBuilder body, IReadOnlyList<PullRequestProblem> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        body.Append("\n### Problems\n\n| File | Stream | Tag | Problem |\n| --- | --- | --- | --- |\n");
        foreach (var p in problems.OrderBy(p => p.FilePath ?? "", StringComparer.Ordinal).ThenBy(p => p.Stream ?? "", StringComparer.Ordinal).ThenBy(p => p.Tag ?? "", StringComparer.Ordinal))
        {
            body.Append("| ").Append(PullRequestMarkdown.Text(p.FilePath)).Append(" | ").Append(PullRequestMarkdown.Text(p.Stream))
                .Append(" | ").Append(PullRequestMarkdown.Text(p.Tag)).Append(" | ").Append(PullRequestMarkdown.Text(p.Message)).Append(" |\n");
        }
    }

    private static void AppendDeferred(StringBuilder body, IReadOnlyList<PullRequestDeferredTag> deferred)
    {
        if (deferred.Count == 0)
        {
            return;
        }

        body.Append("\n### Deferred to a later run\n\n| File | Stream | Tag | Reason |\n| --- | --- | --- | --- |\n");
        foreach (var d in deferred.OrderBy(d => d.Key.ToString(), StringComparer.Ordinal))
        {
            body.Append("| ").Append(Cells(d.Key)).Append(" | ").Append(PullRequestMarkdown.Text(d.Reason)).Append(" |\n");
        }
    }

    private static void AppendHeld(StringBuilder body, IReadOnlyList<PullRequestHeldTag> held)
    {
        if (held.Count == 0)
        {
            return;
        }

        body.Append("\n### Held on a rejected digest\n\n| File | Stream | Tag | Rejected digest | Rejected by |\n| --- | --- | --- | --- | --- |\n");
        foreach (var h in held.OrderBy(h => h.Key.ToString(), StringComparer.Ordinal))
        {
            body.Append("| ").Append(Cells(h.Key)).Append(" | ").Append(Code(h.RejectedDigest.Abbreviated))
                .Append(" | ").Append(PullRequestMarkdown.Text(h.RejectedBy)).Append(" |\n");
        }
    }

    private static string Cells(TagKey key) =>
        $"{PullRequestMarkdown.Text(key.FilePath)} | {PullRequestMarkdown.Text(key.Stream)} | {PullRequestMarkdown.Text(key.Tag)}";

    // Only parsed digests go into code spans: their grammar has no backtick or pipe.
    private static string Code(string digestText) => "`" + digestText + "`";

    private static string Plural(int count, string one, string many) => count == 1 ? one : many;
}
