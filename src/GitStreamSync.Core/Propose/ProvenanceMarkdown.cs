using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Propose;

/// <summary>What the old and the new image of one changed tag say about themselves (either may be unknown).</summary>
internal sealed record TagProvenance(ImageFacts? Old, ImageFacts? New)
{
    public bool HasAnything => New is { } n && (n.Labels.Count > 0 || n.Platforms.Count > 0 || n.Unreadable is not null)
        || Old is { Labels.Count: > 0 };
}

/// <summary>
/// The provenance block of a changed tag in a pull-request body: the OCI labels a reviewer reads, old
/// -> new, the platforms of an index and the one chosen, and a compare link when both revisions are
/// commits of the same GitHub repository. Every label value is a code span (it comes from whoever built
/// the image); the only link is built from a source that matches GitHub's owner/name grammar and
/// revisions that are plain hex, so nothing outside those characters reaches a URL.
/// </summary>
internal static partial class ProvenanceMarkdown
{
    private static readonly (string Key, string Name)[] Rows =
    [
        (ProvenanceLabels.Version, "version"),
        (ProvenanceLabels.Revision, "revision"),
        (ProvenanceLabels.Source, "source"),
        (ProvenanceLabels.Created, "created"),
        (ProvenanceLabels.BaseName, "base image"),
        (ProvenanceLabels.BaseDigest, "base digest"),
    ];

    /// <summary>Appends one list item per tag with something to show; nothing when no tag has any.</summary>
    public static void Append(StringBuilder body, IReadOnlyList<PullRequestTagChange> changes)
    {
        var shown = changes.Where(c => c.Provenance is { HasAnything: true }).ToList();
        if (shown.Count == 0)
        {
            return;
        }

        body.Append("\n<details><summary>Provenance</summary>\n\n");
        foreach (var change in shown)
        {
            AppendTag(body, change.Key.Tag, change.Provenance!);
        }

        body.Append("\n</details>\n");
    }

    private static void AppendTag(StringBuilder body, string tag, TagProvenance provenance)
    {
        body.Append("- ").Append(PullRequestMarkdown.Code(tag)).Append('\n');
        if (provenance.New?.Unreadable is { } why)
        {
            body.Append("  - image config not read: ").Append(PullRequestMarkdown.Code(why)).Append('\n');
        }

        var old = provenance.Old?.Labels ?? new Dictionary<string, string>();
        var now = provenance.New?.Labels ?? new Dictionary<string, string>();
        foreach (var (key, name) in Rows)
        {
            var before = old.GetValueOrDefault(key);
            var after = now.GetValueOrDefault(key);
            if (before is null && after is null)
            {
                continue;
            }

            body.Append("  - ").Append(name).Append(": ").Append(Change(before, after));
            if (key == ProvenanceLabels.Revision && CompareLink(old, now) is { } link)
            {
                body.Append(" ([compare](").Append(link).Append("))");
            }

            body.Append('\n');
        }

        if (provenance.New is { Platforms.Count: > 0 } index)
        {
            body.Append("  - platforms: ").Append(string.Join(", ", index.Platforms.Select(p => PullRequestMarkdown.Code(p.ToString()))));
            body.Append(index.Chosen is { } chosen ? $" (chosen: {PullRequestMarkdown.Code(chosen.ToString())})" : "").Append('\n');
        }
        else if (provenance.New?.Chosen is { } only)
        {
            body.Append("  - platform: ").Append(PullRequestMarkdown.Code(only.ToString())).Append('\n');
        }
    }

    private static string Change(string? before, string? after) =>
        before == after ? PullRequestMarkdown.Code(after)
        : $"{(before is null ? "(none)" : PullRequestMarkdown.Code(before))} → {(after is null ? "(none)" : PullRequestMarkdown.Code(after))}";

    /// <summary>
    /// <c>https://github.com/OWNER/REPO/compare/OLD...NEW</c> when both images name the same GitHub
    /// repository as their source and both revisions are 7 to 64 hex digits; otherwise null.
    /// </summary>
    public static string? CompareLink(IReadOnlyDictionary<string, string> old, IReadOnlyDictionary<string, string> now)
    {
        if (!old.TryGetValue(ProvenanceLabels.Revision, out var from) || !now.TryGetValue(ProvenanceLabels.Revision, out var to)
            || from == to || !Revision().IsMatch(from) || !Revision().IsMatch(to)
            || GitHubRepository(now.GetValueOrDefault(ProvenanceLabels.Source)) is not { } repository
            || (old.GetValueOrDefault(ProvenanceLabels.Source) is { } oldSource && GitHubRepository(oldSource) != repository))
        {
            return null;
        }

        return string.Create(CultureInfo.InvariantCulture, $"https://github.com/{repository}/compare/{from}...{to}");
    }

    /// <summary><c>owner/name</c> of a GitHub source URL (https, optional <c>.git</c> or trailing slash), lower-cased; else null.</summary>
    public static string? GitHubRepository(string? source)
    {
        var match = source is null ? null : Source().Match(source);
        return match is { Success: true } ? $"{match.Groups["owner"].Value}/{match.Groups["name"].Value}".ToLowerInvariant() : null;
    }

    [GeneratedRegex("^[0-9a-f]{7,64}$")]
    private static partial Regex Revision();

    // GitHub's grammar: owner 1-39 of [A-Za-z0-9-], repository [A-Za-z0-9._-] up to 100; nothing else passes.
    [GeneratedRegex(@"^(?:https?://|git\+https://)github\.com/(?<owner>[A-Za-z0-9][A-Za-z0-9-]{0,38})/(?<name>[A-Za-z0-9._-]{1,100}?)(?:\.git)?/?$")]
    private static partial Regex Source();
}
