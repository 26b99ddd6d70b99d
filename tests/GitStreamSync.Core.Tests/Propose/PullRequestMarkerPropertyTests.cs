using GitStreamSync.Core.Images;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using CsCheck;

namespace GitStreamSync.Core.Tests.Propose;

/// <summary>
/// The pull-request marker over random names (any text a file, stream, tag, branch or group may
/// hold, including the comment's own closing), digests and sizes: what is written reads back the
/// same, in both the plain and the compact form, within the size it was given, and rewriting it
/// keeps every other byte of the body.
/// </summary>
public sealed class PullRequestMarkerPropertyTests
{
    private const int Iterations = 500;

    private static readonly Gen<char> Awkward = Gen.OneOf(
        Gen.Char.AlphaNumeric,
        Gen.Char.AlphaNumeric,
        Gen.OneOfConst(' ', '#', ':', '%', '-', '>', '<', '!', '\n', '\r', '\t', '/', '.', '_', '\'', '"', '`', '\\', '|'),
        Gen.Char['\u00A0', '\uD7FF']);

    internal static readonly Gen<string> Name = Gen.String[Awkward, 1, 16];

    private static readonly Gen<Digest> Sha = Gen.Byte.Array[8].Select(bytes => Digest.ComputeSha256(bytes));

    private static readonly Gen<DateTimeOffset?> Seen =
        Gen.Long[0, 4_000_000_000].Select(seconds => DateTimeOffset.FromUnixTimeSeconds(seconds)).Nullable();

    private static readonly Gen<PullRequestMarkerEntry> Entry =
        Gen.Select(Gen.OneOf(Name, Gen.OneOfConst("streams/a.yaml", "b.json")), Gen.OneOf(Name, Gen.OneOfConst("app", "web")), Name, Sha.Null(), Sha, Seen,
            (file, stream, tag, old, proposed, seen) => new PullRequestMarkerEntry(new TagKey(file, stream, tag), old, proposed) { FirstSeen = seen });

    private static Gen<PullRequestMarker> Marker(int maxEntries) =>
        Gen.Select(Name, Name.Null(), Name.Null(), Gen.Bool, Entry.Array[0, maxEntries], (baseBranch, group, run, closed, entries) =>
            new PullRequestMarker(
                baseBranch,
                group,
                entries.DistinctBy(e => e.Key).OrderBy(e => e.Key.ToString(), StringComparer.Ordinal).ToList())
            {
                RunId = run,
                ClosedByTool = closed,
            });

    private static readonly Gen<string> Prose = Gen.String[Gen.OneOf(Gen.Char.AlphaNumeric, Gen.OneOfConst(' ', '\n', '\r', '<', '-', '>', '!'))];

    [Fact]
    public void A_marker_reads_back_as_written_and_rewriting_it_keeps_the_rest_of_the_body()
    {
        Gen.Select(Marker(6), Prose, Prose).Sample((marker, before, after) =>
        {
            var text = marker.Format();
            var body = before.Replace("<!--", "", StringComparison.Ordinal) + "\n" + text + "\n" + after;

            Assert.True(PullRequestMarker.TryParse(body, out var parsed, out var error), error + "\n" + text);
            Assert.Equal(marker, parsed);

            // Marking the pull request closed by the tool changes the marker and nothing else.
            var replaced = PullRequestMarker.Replace(body, marker with { ClosedByTool = true });
            var start = body.IndexOf(PullRequestMarker.Opening, StringComparison.Ordinal);
            Assert.Equal(body[..start], replaced[..start]);
            Assert.EndsWith("\n" + after, replaced, StringComparison.Ordinal);
            Assert.Equal(marker with { ClosedByTool = true }, PullRequestMarker.Parse(replaced));
        }, iter: Iterations, print: value => value.Item1.Format());
    }

    [Fact]
    public void A_marker_past_its_limit_lists_a_subset_counts_the_rest_and_stays_within_the_limit()
    {
        Gen.Select(Marker(80), Gen.Int[1_500, 12_000]).Sample((marker, limit) =>
        {
            var text = marker.Format(limit);
            var parsed = PullRequestMarker.Parse(text);

            Assert.True(text.Length <= limit || text.Length <= PullRequestMarker.PlainCharacters && parsed.Omitted == 0, $"{text.Length} characters for a limit of {limit}");
            Assert.Equal(marker.Entries.Count, parsed.Entries.Count + parsed.Omitted);
            // The compact form leaves the old digest out (nothing decides on it; the commit trailer keeps it).
            var compact = text.StartsWith(PullRequestMarker.Opening + " " + PullRequestMarkerCompact.Version, StringComparison.Ordinal);
            var written = marker.Entries.Select(e => compact ? e with { OldDigest = null } : e).ToList();
            Assert.Subset(written.ToHashSet(), parsed.Entries.ToHashSet());
            Assert.Equal((marker.BaseBranch, marker.Group, marker.RunId, marker.ClosedByTool), (parsed.BaseBranch, parsed.Group, parsed.RunId, parsed.ClosedByTool));
            if (parsed.Omitted == 0)
            {
                Assert.Equal(written.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal), parsed.Entries.OrderBy(e => e.Key.ToString(), StringComparer.Ordinal));
            }
        }, iter: 200, print: value => $"limit {value.Item2}\n{value.Item1.Format()}");
    }
}
