using System.Globalization;
using GitStreamSync.Core.Ports;

namespace GitStreamSync.Core.Select;

/// <summary>
/// The shards' answers a <c>sync --resolutions</c> run applies: the due streams are exactly the
/// streams the files cover, and every request they answered is taken as answered. The files are
/// checked before any network call (<see cref="Combine"/>: age and overlap) and again once the
/// repository is open (<see cref="CheckMadeFor"/>: the same repository and base branch).
/// </summary>
public sealed record KnownResolutions
{
    /// <summary>A file made this far in the future is refused: the clocks of the machines disagree.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromHours(1);

    public required IReadOnlyList<ResolutionSet> Sets { get; init; }

    public required IReadOnlySet<string> Streams { get; init; }

    public required IReadOnlyDictionary<ResolveRequest, ResolutionOutcome> Resolutions { get; init; }

    /// <summary>The shards' repository listings; as for answers, the newer listing of a repository wins.</summary>
    public IReadOnlyDictionary<TagListRequest, TagListing> Listings { get; init; } = new Dictionary<TagListRequest, TagListing>();

    /// <summary>
    /// The shards that no file covers (say 2/3 when its job failed) when every file has the same
    /// count: their streams are not due in this run and wait for the next one.
    /// </summary>
    public IReadOnlyList<Shard> MissingShards =>
        Sets.Select(s => s.Shard.Count).Distinct().ToList() is [var count]
            ? [.. Enumerable.Range(0, count).Where(index => !Sets.Any(s => s.Shard.Index == index)).Select(index => new Shard(index, count))]
            : [];

    /// <summary>
    /// Refuses, naming every file at fault: a set older than <paramref name="maxAge"/> (its digests
    /// may have moved since) or made in the future, sets made for different repositories or base
    /// branches, and a stream covered by two sets (a shard given twice, or files of two runs). Where
    /// two shards asked about the same reference the newer answer wins.
    /// </summary>
    public static KnownResolutions Combine(IReadOnlyList<ResolutionSet> sets, DateTimeOffset now, TimeSpan maxAge)
    {
        ArgumentNullException.ThrowIfNull(sets);
        if (sets.Count == 0)
        {
            throw new ResolutionsRefusedException("no resolutions file given");
        }

        var refusals = new List<string>();
        foreach (var set in sets)
        {
            var age = now - set.MadeAt;
            if (age > maxAge)
            {
                refusals.Add($"{set.Source}: made at {Instant(set.MadeAt)}, {Duration(age)} ago, older than --max-resolution-age {Duration(maxAge)}: its digests may have moved since; run the shards again");
            }
            else if (-age > ClockSkew)
            {
                refusals.Add($"{set.Source}: made at {Instant(set.MadeAt)}, {Duration(-age)} in the future: the clocks of the machines disagree");
            }
        }

        var first = sets[0];
        foreach (var set in sets.Skip(1))
        {
            if (set.Repository != first.Repository)
            {
                refusals.Add($"{set.Source}: made against {set.Repository}, but {first.Source} against {first.Repository}");
            }
            else if (set.BaseBranch != first.BaseBranch)
            {
                refusals.Add($"{set.Source}: made against base branch {set.BaseBranch}, but {first.Source} against {first.BaseBranch}");
            }
        }

        var owner = new Dictionary<string, ResolutionSet>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            var overlapping = set.Streams.Where(s => owner.ContainsKey(s)).ToList();
            if (overlapping.Count > 0)
            {
                var other = owner[overlapping[0]];
                var more = overlapping.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" and {overlapping.Count - 1} more") : "";
                refusals.Add($"{set.Source} (shard {set.Shard}) overlaps {other.Source} (shard {other.Shard}): both cover {overlapping[0]}{more}; give each shard's file once, all from one run");
                continue;
            }

            foreach (var stream in set.Streams)
            {
                owner[stream] = set;
            }
        }

        if (refusals.Count > 0)
        {
            throw new ResolutionsRefusedException(string.Join("; ", refusals));
        }

        var resolutions = new Dictionary<ResolveRequest, ResolutionOutcome>();
        var listings = new Dictionary<TagListRequest, TagListing>();
        foreach (var set in sets.OrderBy(s => s.MadeAt))
        {
            foreach (var (request, outcome) in set.Resolutions)
            {
                resolutions[request] = outcome;
            }

            foreach (var (request, listing) in set.Listings)
            {
                listings[request] = listing;
            }
        }

        return new KnownResolutions
        {
            Sets = sets,
            Streams = owner.Keys.ToHashSet(StringComparer.Ordinal),
            Resolutions = resolutions,
            Listings = listings,
        };
    }

    /// <summary>Refuses sets made against another repository or base branch than the one the run opened.</summary>
    public void CheckMadeFor(string repository, string baseBranch)
    {
        var refusals = Sets
            .Where(set => set.Repository != repository || set.BaseBranch != baseBranch)
            .Select(set => set.Repository != repository
                ? $"{set.Source}: made against {set.Repository}, not {repository}"
                : $"{set.Source}: made against base branch {set.BaseBranch}, not {baseBranch}")
            .ToList();
        if (refusals.Count > 0)
        {
            throw new ResolutionsRefusedException(string.Join("; ", refusals));
        }
    }

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) =>
        span.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}h{span.Minutes:00}m")
            : span.TotalMinutes >= 1
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes}m{span.Seconds:00}s")
                : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalSeconds}s");
}
