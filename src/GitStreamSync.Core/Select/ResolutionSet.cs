using GitStreamSync.Core.Ports;

namespace GitStreamSync.Core.Select;

/// <summary>
/// What one shard's <c>plan --shard K/N --resolutions-out FILE</c> found: the streams of its part
/// that were due and the registry's answer for every tag they asked about, with what they were made
/// against (repository, base branch and commit) and when, so <c>sync --resolutions</c> can apply
/// them without asking a registry again, or refuse them.
/// </summary>
public sealed record ResolutionSet
{
    /// <summary>Where the set was read from (its file name), for messages; empty for a set just made.</summary>
    public string Source { get; init; } = "";

    /// <summary>The repository as <see cref="RepositoryIdentity"/> gives it.</summary>
    public required string Repository { get; init; }

    public required string BaseBranch { get; init; }

    /// <summary>The base tip the shard planned against; a sync on a later tip plans again with these answers.</summary>
    public required string BaseCommit { get; init; }

    public required DateTimeOffset MadeAt { get; init; }

    public required Shard Shard { get; init; }

    /// <summary>The shard's due streams (<c>FilePath#Name</c>): a sync applying this set treats exactly these as due.</summary>
    public required IReadOnlyList<string> Streams { get; init; }

    /// <summary>One answer per distinct request of those streams, successes and failures alike.</summary>
    public required IReadOnlyDictionary<ResolveRequest, ResolutionOutcome> Resolutions { get; init; }

    /// <summary>
    /// The tag listing of every <c>spec.dockerImageRepository</c> of those streams, listed or failed:
    /// the sync imports the same tags from it without asking the registry (empty in a file of a
    /// release that did not write listings: that sync lists again).
    /// </summary>
    public IReadOnlyDictionary<TagListRequest, TagListing> Listings { get; init; } = new Dictionary<TagListRequest, TagListing>();
}

/// <summary>Resolution files that a sync must not apply; the message names each file and why.</summary>
public sealed class ResolutionsRefusedException(string message) : Exception(message);
