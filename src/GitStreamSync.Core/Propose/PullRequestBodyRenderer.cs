using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GitStreamSync.Core.Propose;

/// <summary>
/// The pull-request body: a summary line, a table per ImageStream, full digests folded in a
/// details block, problems, deferred and held tags in sections of their own, a footer saying what
/// merging and closing do, and the hidden <see cref="PullRequestMarker"/>. Pure and deterministic:
/// the same content gives the same bytes, so an unchanged run leaves the pull request untouched.
/// Every value from a repository or registry is shown as a code span (<see cref="PullRequestMarkdown"/>).
/// </summary>
internal static class PullRequestBodyRenderer
{
    // The blank line before the marker, the newline after it, and the closed-by-tool line added when the tool closes the pull request.
    private const int MarkerReserve = 64;

    // Longest name or message shown in a section cell; the full text is in the run's report.
    private const int CellCharacters = 300;

    public static string Render(PullRequestContent content) => Render(content, PullRequestBodyBudget.Default);

    /// <summary>
    /// The body within <paramref name="budget"/>. When every row fits, the body lists every tag;
    /// past the budget it keeps the summary, the sections and the first rows of every ImageStream,
    /// and says how many more changed and where to see them.
    /// </summary>
    public static string Render(PullRequestContent content, PullRequestBodyBudget budget)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(budget);
        var marker = PullRequestMarker.From(content).Format(budget.MarkerCharacters);
        var omitted = PullRequestMarker.Parse(marker).Omitted;
        var visible = Math.Min(budget.VisibleCharacters, GitHubTextLimits.BodyCharacters - marker.Length - MarkerReserve);

        var changes = content.Changes.Count;
        var streamCount = content.StreamCount;
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"GitStreamSync proposes {changes} new image {Plural(changes, "digest", "digests")} in {streamCount} {Plural(streamCount, "ImageStream", "ImageStreams")} for {PullRequestMarkdown.Code(content.BaseBranch)}.\n");
        var streams = content.Changes
            .GroupBy(c => (c.Key.FilePath, c.Key.Stream))
            .OrderBy(g => g.Key.FilePath, StringComparer.Ordinal).ThenBy(g => g.Key.Stream, StringComparer.Ordinal)
            .Select(g => new StreamRows(g.Key.FilePath, g.Key.Stream, [.. g.OrderBy(c => c.Key.Tag, StringComparer.Ordinal)]))
            .ToList();

        var sections = new StringBuilder();
        var sectionBudget = visible / 2;
        AppendProblems(sections, content.Problems, budget.SectionRows, sectionBudget / 3);
        AppendDeferred(sections, content.Deferred, budget.SectionRows, sectionBudget / 3);
        AppendHeld(sections, content.Held, budget.SectionRows, sectionBudget / 3);

        // Waiting and unverified tags share one more sixth of the visible text, so all sections stay within two thirds of it.
        AppendWaiting(sections, "Waiting for the minimum age", "Until", content.Waiting, budget.SectionRows, sectionBudget / 6);
        AppendWaiting(sections, "Held: signature not verified", "Why", content.Unverified, budget.SectionRows, sectionBudget / 6);
        var footer = Footer(content, omitted);

        var all = new StringBuilder();
        var shown = AppendStreams(all, streams, int.MaxValue, int.MaxValue);
        var body = new StringBuilder(summary);
        if (summary.Length + all.Length + sections.Length + footer.Length <= visible)
        {
            body.Append(all);
        }
        else
        {
            var room = visible - summary.Length - sections.Length - footer.Length - CutNote(changes, changes, changes).Length;
            var (rows, text) = FittingRows(streams, room);
            body.Append(CutNote(rows.Shown, changes, rows.PerStream)).Append(text);
            shown = rows.Shown;
        }

        Debug.Assert(shown <= changes, "a body cannot show more tags than changed");
        body.Append(sections).Append(footer);
        body.Append("\n\n").Append(marker).Append('\n');
        return body.ToString();
    }

    /// <summary>The most rows per stream for which every stream fits in <paramref name="room"/>; with one row each too many, the streams that fit.</summary>
    private static ((int Shown, int PerStream) Rows, string Text) FittingRows(IReadOnlyList<StreamRows> streams, int room)
    {
        var (low, high) = (1, streams.Count == 0 ? 1 : streams.Max(s => s.Changes.Count));
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            var trial = new StringBuilder();
            AppendStreams(trial, streams, middle, int.MaxValue);
            if (trial.Length <= room)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        var text = new StringBuilder();
        var shown = AppendStreams(text, streams, low, room);
        return ((shown, low), text.ToString());
    }

    /// <summary>Appends each stream's table with at most <paramref name="perStream"/> rows, stopping before the stream that would pass <paramref name="room"/>; returns the tags shown.</summary>
    private static int AppendStreams(StringBuilder body, IReadOnlyList<StreamRows> streams, int perStream, int room)
    {
        const int MoreStreamsReserve = 160;
        var start = body.Length;
        var shown = 0;
        for (var i = 0; i < streams.Count; i++)
        {
            var stream = streams[i];
            var table = new StringBuilder();
            var rows = stream.Changes.Take(perStream).ToList();
            AppendStream(table, stream.FilePath, stream.Stream, rows);
            if (rows.Count < stream.Changes.Count)
            {
                table.Append(CultureInfo.InvariantCulture, $"\n_… and {stream.Changes.Count - rows.Count:N0} more {Plural(stream.Changes.Count - rows.Count, "tag", "tags")} in this ImageStream._\n");
            }

            var last = i == streams.Count - 1;
            if (room != int.MaxValue && body.Length - start + table.Length + (last ? 0 : MoreStreamsReserve) > room)
            {
                var left = streams.Skip(i).ToList();
                var tags = left.Sum(s => s.Changes.Count);
                body.Append(CultureInfo.InvariantCulture,
                    $"\n_… and {tags:N0} changed {Plural(tags, "tag", "tags")} in {left.Count:N0} more {Plural(left.Count, "ImageStream", "ImageStreams")}._\n");
                return shown;
            }

            body.Append(table);
            shown += rows.Count;
        }

        return shown;
    }

    private static string CutNote(int shown, int changes, int perStream) =>
        string.Create(CultureInfo.InvariantCulture, $"\n> This body lists {shown:N0} of the {changes:N0} changed tags (at most the first {perStream:N0} of each ImageStream), so that it stays within GitHub's 65,536 characters. ")
        + "Every change is in this pull request's diff (**Files changed**), and `gitstreamsync plan -o diff` prints it.\n";

    private static string Footer(PullRequestContent content, int omitted)
    {
        var footer = new StringBuilder("\n---\n\n");
        if (omitted == 0)
        {
            footer.Append("Merging applies these digests. Closing this pull request without merging rejects them: ")
                .Append("GitStreamSync will not propose these digests for these tags again, and proposes a newer digest normally. ");
        }
        else
        {
            var listed = content.Changes.Count - omitted;
            footer.Append(CultureInfo.InvariantCulture, $"Merging applies these digests. Closing this pull request without merging rejects the first {listed:N0} of them (the first tags of each ImageStream): ")
                .Append(CultureInfo.InvariantCulture, $"GitHub's size limit leaves no room to record the other {omitted:N0}, which a later run may propose again. ")
                .Append("With `pullRequests.groupBy: stream` each pull request is smaller and closing it rejects exactly what it proposes. ");
        }

        footer.Append("Each run updates this pull request in place.");
        if (content.RunId is not null)
        {
            footer.Append(" Run ").Append(PullRequestMarkdown.Code(content.RunId)).Append('.');
        }

        return footer.ToString();
    }

    private sealed record StreamRows(string FilePath, string Stream, IReadOnlyList<PullRequestTagChange> Changes);

    private static void AppendStream(StringBuilder body, string filePath, string stream, IReadOnlyList<PullRequestTagChange> changes)
    {
        var multiArch = changes.Any(c => c.Platform is not null || c.AllPlatforms);
        body.Append("\n### ").Append(PullRequestMarkdown.Code(stream))
            .Append(" <sub>").Append(PullRequestMarkdown.Code(filePath)).Append("</sub>\n\n");
        body.Append(multiArch ? "| Tag | Source | Digest | Platform | First seen |\n| --- | --- | --- | --- | --- |\n"
                              : "| Tag | Source | Digest | First seen |\n| --- | --- | --- | --- |\n");
        foreach (var change in changes)
        {
            body.Append("| ").Append(PullRequestMarkdown.CodeCell(change.Key.Tag))
                .Append(" | ").Append(PullRequestMarkdown.CodeCell(change.Source))
                .Append(" | ").Append(change.OldDigest is null ? "(none)" : Code(change.OldDigest.Abbreviated))
                .Append(" → ").Append(Code(change.NewDigest.Abbreviated));
            if (multiArch)
            {
                body.Append(" | ").Append(PlatformCell(change));
            }

            body.Append(" | ").Append(change.FirstSeen.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(" |\n");
        }

        // A reviewer looks for these tags in spec.tags and finds none: say where they come from.
        if (changes.Where(c => c.Imported).Select(c => PullRequestMarkdown.Code(c.Key.Tag)).ToList() is { Count: > 0 } imported)
        {
            body.Append("\n_Imported from the repository listing (`spec.dockerImageRepository`), not from `spec.tags`: ")
                .AppendJoin(", ", imported).Append("._\n");
        }

        body.Append("\n<details><summary>Full digests</summary>\n\n");
        foreach (var change in changes)
        {
            body.Append("- ").Append(PullRequestMarkdown.Code(change.Key.Tag)).Append(": ")
                .Append(change.OldDigest is null ? "(none)" : Code(change.OldDigest.ToString()))
                .Append(" → ").Append(Code(change.NewDigest.ToString())).Append('\n');
        }

        body.Append("\n</details>\n");
        ProvenanceMarkdown.Append(body, changes);
    }

    // A tag that follows another tag, or a plain single-platform manifest, has no platform to show.
    private static string PlatformCell(PullRequestTagChange change) =>
        change.Platform is { } platform ? PullRequestMarkdown.CodeCell(platform.ToString())
        : change.AllPlatforms ? "all (index)"
        : "—";

    private static void AppendProblems(StringBuilder body, IReadOnlyList<PullRequestProblem> problems, int maxRows, int room)
    {
        if (problems.Count == 0)
        {
            return;
        }

        body.Append("\n### Problems\n\n| File | Stream | Tag | Problem |\n| --- | --- | --- | --- |\n");
        AppendRows(body, problems
            .OrderBy(p => p.FilePath ?? "", StringComparer.Ordinal).ThenBy(p => p.Stream ?? "", StringComparer.Ordinal).ThenBy(p => p.Tag ?? "", StringComparer.Ordinal)
            .Select(p => $"| {Cell(p.FilePath)} | {Cell(p.Stream)} | {Cell(p.Tag)} | {Cell(p.Message)} |\n"), problems.Count, maxRows, room, "problem", "problems");
    }

    private static void AppendDeferred(StringBuilder body, IReadOnlyList<PullRequestDeferredTag> deferred, int maxRows, int room)
    {
        if (deferred.Count == 0)
        {
            return;
        }

        body.Append("\n### Deferred to a later run\n\n| File | Stream | Tag | Reason |\n| --- | --- | --- | --- |\n");
        AppendRows(body, deferred
            .OrderBy(d => d.Key.ToString(), StringComparer.Ordinal)
            .Select(d => $"| {Cells(d.Key)} | {Cell(d.Reason)} |\n"), deferred.Count, maxRows, room, "deferred tag", "deferred tags");
    }

    private static void AppendHeld(StringBuilder body, IReadOnlyList<PullRequestHeldTag> held, int maxRows, int room)
    {
        if (held.Count == 0)
        {
            return;
        }

        body.Append("\n### Held on a rejected digest\n\n| File | Stream | Tag | Rejected digest | Rejected by |\n| --- | --- | --- | --- | --- |\n");
        AppendRows(body, held
            .OrderBy(h => h.Key.ToString(), StringComparer.Ordinal)
            .Select(h => $"| {Cells(h.Key)} | {Code(h.RejectedDigest.Abbreviated)} | {Cell(h.RejectedBy)} |\n"), held.Count, maxRows, room, "held tag", "held tags");
    }

    private static void AppendWaiting(StringBuilder body, string title, string why, IReadOnlyList<PullRequestWaitingTag> waiting, int maxRows, int room)
    {
        if (waiting.Count == 0)
        {
            return;
        }

        body.Append("\n### ").Append(title).Append("\n\n| File | Stream | Tag | Newer digest | ").Append(why).Append(" |\n| --- | --- | --- | --- | --- |\n");
        AppendRows(body, waiting
            .OrderBy(w => w.Key.ToString(), StringComparer.Ordinal)
            .Select(w => $"| {Cells(w.Key)} | {Code(w.Digest.Abbreviated)} | {Cell(w.Why)} |\n"), waiting.Count, maxRows, room, "waiting tag", "waiting tags");
    }

    /// <summary>The first rows that fit in <paramref name="maxRows"/> and <paramref name="room"/>, then how many more there are.</summary>
    private static void AppendRows(StringBuilder body, IEnumerable<string> rows, int count, int maxRows, int room, string one, string many)
    {
        const int MoreReserve = 64;
        var start = body.Length;
        var added = 0;
        foreach (var row in rows)
        {
            if (added == maxRows || body.Length - start + row.Length + MoreReserve > room)
            {
                break;
            }

            body.Append(row);
            added++;
        }

        if (added < count)
        {
            // A blank line ends the table, so the note is not read as one more row.
            body.Append(CultureInfo.InvariantCulture, $"\n_… and {count - added:N0} more {Plural(count - added, one, many)}._\n");
        }
    }

    private static string Cell(string? value) => PullRequestMarkdown.CodeCell(value is null ? null : GitHubTextLimits.Cut(value, CellCharacters));

    private static string Cells(TagKey key) => $"{Cell(key.FilePath)} | {Cell(key.Stream)} | {Cell(key.Tag)}";

    // Only parsed digests go into code spans: their grammar has no backtick or pipe.
    private static string Code(string digestText) => "`" + digestText + "`";

    private static string Plural(int count, string one, string many) => count == 1 ? one : many;
}
