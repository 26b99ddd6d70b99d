using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Select;

/// <summary>The listing of one stream's <c>spec.dockerImageRepository</c> failed: nothing of that stream's imported tags changes.</summary>
public sealed record RepositoryListingFailure(ImageStreamDocument Stream, string Repository, ResolutionFailed Failure);

/// <summary>What a repository import decided for one stream: the tags it imports, and those past the limit.</summary>
public sealed record RepositoryImportDecision(string StreamKey, string Repository, IReadOnlyList<string> Imported, IReadOnlyList<string> SpecTagsWin, int AdditionalTags, int Refused);

/// <summary>The streams with their imported tags, and what was decided or failed per stream.</summary>
public sealed record RepositoryImportResult(
    IReadOnlyList<ImageStreamDocument> Streams,
    IReadOnlyList<RepositoryImportDecision> Decisions,
    IReadOnlyList<RepositoryListingFailure> Failures,
    IReadOnlyList<Problem> Problems);

/// <summary>
/// OpenShift's repository import (semantics 2.11, openshift-apiserver's importer): the listed tags
/// (an empty tag counts as <c>latest</c>), distinct, in <see cref="TagPriority"/> order, the first
/// <c>maxImagesBulkImportedPerRepository</c> of them (-1: all). Each becomes the spec tag OpenShift
/// creates for it (<c>from: REPOSITORY:TAG</c>, kind DockerImage), marked <see cref="SpecTag.Imported"/>,
/// so it is selected, resolved, held, aged, verified and written like any spec tag; only its status is
/// written. A tag already in <c>spec.tags</c> keeps its own spec (it still takes its place in the
/// limit, as in OpenShift, where the spec tag's own import is applied after the repository's).
/// A name the tag grammar refuses is left out and counted. Pure: the listings come in as values.
/// </summary>
public static class RepositoryImport
{
    /// <summary>OpenShift's default <c>maxImagesBulkImportedPerRepository</c> (openshift-apiserver).</summary>
    public const int DefaultLimit = 50;

    /// <summary>The distinct listings the due streams need (none for a limit of 0).</summary>
    public static IReadOnlyList<TagListRequest> Requests(IReadOnlyList<ImageStreamDocument> streams, PlanSettings settings, IReadOnlySet<string>? dueStreams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(settings);
        return streams
            .Where(s => s.RepositoryImport is not null && (dueStreams is null || dueStreams.Contains(s.DisplayName)) && LimitOf(s, settings) != 0)
            .Select(s => RequestOf(s.RepositoryImport!))
            .Distinct()
            .ToList();
    }

    public static TagListRequest RequestOf(RepositoryImportSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return new TagListRequest(source.Repository, source.Insecure);
    }

    /// <summary>The stream's own limit, else the settings'; -1 means every tag.</summary>
    public static int LimitOf(ImageStreamDocument stream, PlanSettings settings)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(settings);
        return stream.RepositoryImport?.Limit ?? settings.MaxImagesBulkImportedPerRepository;
    }

    /// <param name="listings">Answers for <see cref="Requests"/>; a due stream whose listing is missing is left as read.</param>
    public static RepositoryImportResult Expand(
        IReadOnlyList<ImageStreamDocument> streams,
        PlanSettings settings,
        IReadOnlySet<string>? dueStreams,
        IReadOnlyDictionary<TagListRequest, TagListing> listings)
    {
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(listings);
        var result = new List<ImageStreamDocument>(streams.Count);
        var decisions = new List<RepositoryImportDecision>();
        var failures = new List<RepositoryListingFailure>();
        var problems = new List<Problem>();
        foreach (var stream in streams)
        {
            var limit = LimitOf(stream, settings);
            if (stream.RepositoryImport is not { } source
                || limit == 0
                || (dueStreams is not null && !dueStreams.Contains(stream.DisplayName))
                || !listings.TryGetValue(RequestOf(source), out var listing))
            {
                result.Add(stream);
                continue;
            }

            var repository = source.Repository.ToString();
            if (listing.Failure is { } failure)
            {
                failures.Add(new RepositoryListingFailure(stream, repository, failure));
                if (failure.IsPermanent)
                {
                    problems.Add(new Problem(stream.FilePath, source.Location, $"spec.dockerImageRepository \"{repository}\": tags not listed: {failure.Message}"));
                }

                result.Add(stream);
                continue;
            }

            var (expanded, decision) = Import(stream, source, listing.Tags, limit);
            decisions.Add(decision);
            if (decision.Refused > 0)
            {
                problems.Add(new Problem(stream.FilePath, source.Location,
                    $"spec.dockerImageRepository \"{repository}\": the registry listed {decision.Refused} tag name(s) that are not valid tags; they are not imported") { IsWarning = true });
            }

            result.Add(expanded);
        }

        return new RepositoryImportResult(result, decisions, failures, problems);
    }

    private static (ImageStreamDocument Stream, RepositoryImportDecision Decision) Import(ImageStreamDocument stream, RepositoryImportSource source, IReadOnlyList<string> listed, int limit)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var refused = 0;
        foreach (var tag in listed)
        {
            // Some images on Docker Hub have an empty tag: OpenShift reads it as latest.
            var name = tag.Length == 0 ? "latest" : tag;
            if (TagName.Check(name) is null)
            {
                names.Add(name);
            }
            else
            {
                refused++;
            }
        }

        var ordered = TagPriority.Order(names);
        var chosen = limit < 0 ? ordered : ordered.Take(limit).ToList();
        var specNames = stream.SpecTags.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var imported = chosen.Where(t => !specNames.Contains(t)).ToList();
        var tags = stream.SpecTags.Concat(imported.Select(tag => new SpecTag
        {
            Name = tag,
            From = new TagSource(TagSourceKind.DockerImage, source.TagReference(tag).ToString()),
            ImportPolicy = new TagImportPolicy(Scheduled: null, Insecure: source.Insecure),
            Location = source.Location,
            Imported = true,
        })).ToList();
        var decision = new RepositoryImportDecision(
            stream.DisplayName,
            source.Repository.ToString(),
            imported,
            [.. chosen.Where(specNames.Contains)],
            ordered.Count - chosen.Count,
            refused);
        return (stream with { SpecTags = tags }, decision);
    }
}
