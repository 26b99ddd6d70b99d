using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
using CsCheck;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>
/// OpenShift's history merge (semantics 2.3.1) over random histories, resolutions and limits: the
/// newest resolution is what items[0] says, older entries keep their order and their created
/// times, a repeated resolution writes nothing, and trimming never drops the current image.
/// </summary>
public sealed class TagHistoryPropertyTests
{
    private const int Iterations = 2000;

    private static readonly DateTimeOffset Epoch = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // Few distinct references and images, so that equal and different ones both come up often.
    private static readonly Gen<TagEvent> Event =
        Gen.Select(Gen.Int[0, 100_000], Gen.Int[0, 3], Gen.Int[0, 3], Gen.Long[1, 6],
            (seconds, reference, image, generation) => new TagEvent(Epoch.AddSeconds(seconds), $"quay.io/org/app@sha256:{reference}", $"sha256:{image}", generation));

    private static readonly Gen<TagEventCondition> Failure =
        Gen.Select(Gen.OneOfConst("NotFound", "Unauthorized", "InternalError"), Gen.OneOfConst("not found", "denied", "boom"), Gen.Long[1, 6],
            (reason, message, generation) => new TagEventCondition(TagHistory.ImportSuccess, "False", Epoch, reason, message, generation));

    private static readonly Gen<NamedTagEventList?> Current =
        Gen.Select(Event.Array[0, 12], Failure.Array[0, 1], Gen.Int[0, 5])
            .Select((items, conditions, kind) => kind == 0 ? null : new NamedTagEventList { Tag = "t", Items = items, Conditions = conditions });

    [Fact]
    public void A_success_puts_the_resolution_first_and_keeps_the_rest_of_the_history_in_order()
    {
        Gen.Select(Current, Event, Gen.Long[0, 8].Nullable(), Gen.Int[-1, 6]).Sample((current, next, specGeneration, limit) =>
        {
            var (entry, outcome) = TagHistory.ApplySuccess(current, "t", next, specGeneration, limit);

            Assert.Equal("t", entry.Tag);
            var head = entry.Items[0];
            if (outcome == MergeOutcome.Unchanged)
            {
                Assert.Same(current, entry);
                Assert.Equal(next.DockerImageReference, head.DockerImageReference);
                Assert.Equal(next.Image, head.Image);
                Assert.Empty(entry.Conditions);
                return;
            }

            // Whatever changed, items[0] is the resolution and every condition is cleared.
            Assert.Equal(next.DockerImageReference, head.DockerImageReference);
            Assert.Equal(next.Image, head.Image);
            Assert.Equal(next.Generation, head.Generation);
            Assert.Empty(entry.Conditions);

            var old = current?.Items ?? [];
            if (limit > 0)
            {
                Assert.True(entry.Items.Count <= Math.Max(limit, 1), $"{entry.Items.Count} items kept with a limit of {limit}");
            }

            if (old.Count == 0)
            {
                Assert.Equal(MergeOutcome.New, outcome);
                Assert.Equal([next], entry.Items);
                return;
            }

            var prepended = old[0].DockerImageReference != next.DockerImageReference && old[0].Image != next.Image;
            if (prepended)
            {
                // A new reference and a new image: a new entry; the old history follows, trimmed at its end.
                Assert.Equal(next, head);
                Assert.Equal(old.Take(entry.Items.Count - 1), entry.Items.Skip(1));
                Assert.Equal(limit > 0 ? Math.Min(old.Count + 1, limit) : old.Count + 1, entry.Items.Count);
            }
            else
            {
                // An update in place keeps when the entry was created.
                Assert.Equal(old[0].Created, head.Created);
                Assert.Equal(old.Skip(1).Take(entry.Items.Count - 1), entry.Items.Skip(1));
                Assert.Equal(limit > 0 ? Math.Min(old.Count, limit) : old.Count, entry.Items.Count);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void The_same_resolution_twice_writes_nothing_the_second_time()
    {
        Gen.Select(Current, Event, Gen.Long[0, 8].Nullable(), Gen.Int[-1, 6]).Sample((current, next, specGeneration, limit) =>
        {
            var (first, _) = TagHistory.ApplySuccess(current, "t", next, specGeneration, limit);
            var (second, outcome) = TagHistory.ApplySuccess(first, "t", next, specGeneration, limit);

            // Only a spec generation newer than what the resolution records keeps asking for a write.
            if (specGeneration is { } spec && spec > next.Generation)
            {
                return;
            }

            Assert.Equal(MergeOutcome.Unchanged, outcome);
            Assert.Same(first, second);
        }, iter: Iterations);
    }

    [Fact]
    public void A_failure_keeps_the_history_and_the_same_failure_twice_writes_nothing()
    {
        Gen.Select(Current, Failure).Sample((current, failure) =>
        {
            var failed = TagHistory.ApplyFailure(current, "t", failure);
            if (failed is null)
            {
                Assert.Contains(current!.Conditions, c => c.Reason == failure.Reason && c.Message == failure.Message);
                return;
            }

            Assert.Equal(current?.Items ?? [], failed.Items);
            Assert.Equal([failure], failed.Conditions);
            Assert.Null(TagHistory.ApplyFailure(failed, "t", failure with { LastTransitionTime = Epoch.AddDays(1), Generation = failure.Generation + 1 }));
        }, iter: Iterations);
    }

    [Fact]
    public void A_success_after_a_failure_clears_the_condition_and_reports_it()
    {
        Gen.Select(Current, Failure, Gen.Int[1, 6]).Sample((current, failure, limit) =>
        {
            var failed = TagHistory.ApplyFailure(current, "t", failure) ?? current!;
            if (failed.Items.Count == 0)
            {
                return;
            }

            var head = failed.Items[0];
            var (entry, outcome) = TagHistory.ApplySuccess(failed, "t", head, null, limit);

            Assert.Equal(MergeOutcome.ConditionCleared, outcome);
            Assert.Empty(entry.Conditions);
            Assert.Equal(head, entry.Items[0]);
        }, iter: Iterations);
    }
}
