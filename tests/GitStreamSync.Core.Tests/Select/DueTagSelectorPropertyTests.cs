using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
using CsCheck;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Select;

/// <summary>
/// Due-tag selection over random streams (scheduled, pinned by digest or by <c>scheduled: false</c>,
/// resolved or not) and random due-stream sets: restricting the run to some streams selects exactly
/// those streams' tags, each distinct request is asked once, and a pinned tag whose status already
/// records its source is never due.
/// </summary>
public sealed class DueTagSelectorPropertyTests
{
    private const int Iterations = 1000;

    private static readonly Gen<string> From = Gen.OneOfConst(
        "ubuntu:16.04", "quay.io/org/app:1", $"quay.io/org/app@{D1}", $"ubuntu@{D2}", "not a reference", "UPPER/case:x");

    private static readonly Gen<SpecTag> Tag =
        Gen.Select(Gen.OneOfConst("a", "b", "c", "d"), From, Gen.Bool.Nullable(), Gen.Bool, Gen.Int[0, 3],
            (name, from, scheduled, reference, kind) => kind == 0 ? StreamTag(name, "other:latest") : reference && kind == 1 ? Reference(name, from) : Docker(name, from, scheduled));

    private static readonly Gen<ImageStreamStatus?> StatusOf =
        Gen.Select(Gen.OneOfConst("a", "b", "c"), From, Gen.Bool, (tag, from, has) => has ? Status(Entry(tag, Item(from, D1))) : null);

    private static readonly Gen<ImageStreamDocument> Document =
        Gen.Select(Gen.OneOfConst("s1", "s2", "s3"), Gen.OneOfConst("a.yaml", "b.yaml"), Tag.Array[0, 4], StatusOf,
            (name, file, tags, status) => Stream(name, tags.DistinctBy(t => t.Name).ToList(), status, file));

    private static readonly Gen<PlanSettings> Settings = Gen.Bool.Select(strict => PlanSettings.Default with { StrictOpenShiftScheduling = strict });

    [Fact]
    public void Restricting_the_run_to_some_streams_selects_exactly_their_tags()
    {
        Gen.Select(Document.Array[0, 5], Settings, Gen.Bool.Array[5]).Sample((streams, settings, keep) =>
        {
            var all = DueTagSelector.Select(streams, settings);
            var due = streams.Where((_, i) => keep[i]).Select(s => s.DisplayName).ToHashSet(StringComparer.Ordinal);

            var some = DueTagSelector.Select(streams, settings, due);

            Assert.Equal(all.Tags.Where(t => due.Contains(t.StreamKey)), some.Tags);
            Assert.Equal(some.Tags.Where(t => t.Request is not null).Select(t => t.Request!).Distinct(), some.Requests);
            Assert.All(some.Tags, t => Assert.True((t.Request is null) != (t.Failure is null)));
        }, iter: Iterations);
    }

    [Fact]
    public void A_pinned_tag_is_due_until_its_status_records_its_source()
    {
        Gen.Select(Document, Settings).Sample((stream, settings) =>
        {
            foreach (var tag in stream.SpecTags.Where(t => DueTagSelector.IsPinned(t, settings)))
            {
                var resolved = stream with { Status = Status(Entry(tag.Name, Item(tag.From!.Name, D1))) };
                var unresolved = stream with { Status = null };

                Assert.Equal(DueReason.NotYetResolved, DueTagSelector.SelectTag(stream.DisplayName, unresolved, tag, settings)!.Reason);
                var again = DueTagSelector.SelectTag(stream.DisplayName, resolved, tag, settings);
                Assert.True(again is null || again.Failure is not null || tag.From.Name.Contains('@', StringComparison.Ordinal) && again.Reason == DueReason.SourceChanged,
                    $"{tag.Name} from {tag.From.Name} due again: {again?.Reason}");
            }

            foreach (var tag in stream.SpecTags.Where(t => t.From is { Kind: TagSourceKind.DockerImage } && !t.Reference && !DueTagSelector.IsPinned(t, settings)))
            {
                Assert.Equal(DueReason.Scheduled, DueTagSelector.SelectTag(stream.DisplayName, stream, tag, settings)!.Reason);
            }
        }, iter: Iterations);
    }
}
