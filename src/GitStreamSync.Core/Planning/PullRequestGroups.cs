namespace GitStreamSync.Core.Planning;

/// <summary>One pull request's worth of a run: its head branch and what it proposes.</summary>
internal sealed record PullRequestGroup(string HeadBranch, PullRequestContent Content);

/// <summary>
/// Splits a run's content into pull requests by <see cref="PullRequestSettings.GroupBy"/>. Grouping
/// by stream keeps each stream's problems, deferred and held tags with it; problems that name no
/// stream go to every group, since each reviewer should see them.
/// </summary>
internal static class PullRequestGroups
{
    public static IReadOnlyList<PullRequestGroup> Split(PullRequestContent content, PullRequestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.GroupBy == PullRequestGroupBy.Base)
        {
            return content.Changes.Count == 0 ? [] : [new PullRequestGroup(settings.BranchFor(content.BaseBranch, null), content with { Group = null })];
        }

        return content.Changes
            .Select(c => c.Key.Stream)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(stream => new PullRequestGroup(
                settings.BranchFor(content.BaseBranch, stream),
                content with
                {
                    Group = stream,
                    Changes = [.. content.Changes.Where(c => c.Key.Stream == stream)],
                    Problems = [.. content.Problems.Where(p => p.Stream is null || p.Stream == stream)],
                    Deferred = [.. content.Deferred.Where(d => d.Key.Stream == stream)],
                    Held = [.. content.Held.Where(h => h.Key.Stream == stream)],
                }))
            .ToList();
    }
}
