using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using System.Globalization;

namespace GitStreamSync.Core.Plan;

/// <summary>
/// A digest too young to propose for one tag: it waits <see cref="Until"/>. <see cref="Instead"/> is
/// the digest the tag's open pull request already proposes, which it keeps proposing meanwhile.
/// </summary>
public sealed record WaitingDigest(string StreamKey, string Tag, Digest Digest, DateTimeOffset Until, string Basis)
{
    public Digest? Instead { get; init; }
}

/// <summary>A tag whose new digest waits for its minimum age; <see cref="Basis"/> says which time the age counts from.</summary>
public sealed record WaitingTag(string StreamKey, string Tag, Digest Digest, DateTimeOffset Until, string Basis)
{
    /// <summary>"waiting until 2026-03-05 08:00 UTC (created 2026-03-02 08:00 UTC, minimum age 3d)".</summary>
    public string Explanation => $"waiting until {Show(Until)} ({Basis})";

    public static string Show(DateTimeOffset instant) => instant.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}

/// <summary>
/// <c>minimumAge</c> (settings) and <c>gitstreamsync.io/minimum-age</c> (a stream's annotation, which wins):
/// a new digest is proposed only once it is that old, counted from the image's <c>created</c>, or from
/// when the tool first saw the digest when <c>created</c> is missing or in the future (a build time
/// the image states cannot make it older than the tool knows it to be). An image whose config could not
/// be read counts from now: a minimum age is a promise, so not knowing means waiting.
/// </summary>
internal static class MinimumAge
{
    public const string Annotation = "gitstreamsync.io/minimum-age";

    /// <param name="proposed">The digest a tag's open pull request proposes, if any (kept while the new one waits).</param>
    public static (IReadOnlyList<WaitingDigest> Waiting, IReadOnlyList<Problem> Problems) Check(
        SyncPlan plan,
        TimeSpan? configured,
        IReadOnlyDictionary<Digest, ImageFacts> facts,
        DateTimeOffset now,
        Func<string, string, Digest?> proposed)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(proposed);
        var waiting = new List<WaitingDigest>();
        var problems = new List<Problem>();
        foreach (var stream in plan.Streams)
        {
            var age = For(stream.Stream, configured, problems);
            if (age is not { } minimum || minimum <= TimeSpan.Zero)
            {
                continue;
            }

            foreach (var change in stream.Changes.Where(c => c.Kind is TagChangeKind.Updated or TagChangeKind.New))
            {
                if (!Digest.TryParse(change.NewImage, out var digest))
                {
                    continue;
                }

                var (since, basis) = Since(facts.GetValueOrDefault(digest), now);
                var until = since + minimum;
                if (until > now)
                {
                    waiting.Add(new WaitingDigest(change.StreamKey, change.Tag, digest, until, $"{basis}, minimum age {Text(minimum)}")
                    {
                        Instead = proposed(change.StreamKey, change.Tag) is { } earlier && earlier != digest ? earlier : null,
                    });
                }
            }
        }

        return (waiting, problems);
    }

    /// <summary>Whether some stream that moves a tag to another image has a minimum age above zero (so the images' facts are needed).</summary>
    public static bool AppliesToAny(SyncPlan plan, TimeSpan? configured)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return plan.Streams.Any(stream =>
            stream.Changes.Any(c => c.Kind is TagChangeKind.Updated or TagChangeKind.New)
            && For(stream.Stream, configured, problems: null) is { } age && age > TimeSpan.Zero);
    }

    /// <summary>The stream's annotation when it parses (a wrong one is a problem and the setting applies), else the setting.</summary>
    public static TimeSpan? For(ImageStreamDocument stream, TimeSpan? configured, List<Problem>? problems)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.Annotations.TryGetValue(Annotation, out var text))
        {
            return configured;
        }

        if (DurationText.TryParse(text, out var duration))
        {
            return duration;
        }

        problems?.Add(new Problem(stream.FilePath, stream.Location, $"annotation {Annotation} '{text}' is not a duration such as 12h, 3d or 0"));
        return configured;
    }

    private static (DateTimeOffset Since, string Basis) Since(ImageFacts? image, DateTimeOffset now) =>
        image switch
        {
            { Created: { } created } when created <= now => (created, $"created {WaitingTag.Show(created)}"),
            { FirstSeen: { } seen } when seen <= now => (seen, $"first seen {WaitingTag.Show(seen)}"),
            _ => (now, image?.Unreadable is null ? $"first seen {WaitingTag.Show(now)}" : "image config not read"),
        };

    private static string Text(TimeSpan age) =>
        age.TotalDays == Math.Floor(age.TotalDays) ? $"{age.TotalDays:0}d"
        : age.TotalHours == Math.Floor(age.TotalHours) ? $"{age.TotalHours:0}h"
        : $"{age.TotalMinutes:0}m";
}
