using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
namespace GitStreamSync.Core.Rollback;

/// <summary>
/// One planned rollback: tag <see cref="Key"/> goes from <see cref="From"/> (its <c>items[0]</c>) back
/// to <see cref="To"/> (<c>items[Index]</c>), written as <see cref="Stream"/>'s new status.
/// </summary>
internal sealed record RollbackPlan(TagKey Key, int Index, TagEvent From, TagEvent To, StreamPlan Stream, DateTimeOffset Now)
{
    public Digest ToDigest => Digest.Parse(To.Image);

    /// <summary>The digest rolled away from; null when the current item has none (it then cannot be held).</summary>
    public Digest? FromDigest => Digest.TryParse(From.Image, out var digest) ? digest : null;

    public TagChange Change => Stream.Changes[0];

    /// <summary>Plans of the other streams whose tags follow the rolled-back tag (<see cref="RollbackFollowers"/>).</summary>
    public IReadOnlyList<StreamPlan> Followers { get; init; } = [];

    /// <summary>Every tag the commit moves: the rolled-back tag first, then the tags that follow it.</summary>
    public IReadOnlyList<TagChange> Changes => [.. Stream.Changes, .. Followers.SelectMany(f => f.Changes)];

    /// <summary>The plan in the shape the status edits take, so the files are edited exactly as a sync edits them.</summary>
    public SyncPlan AsSyncPlan() => new(Now, [Stream, .. Followers]);

    /// <summary>The commit subject and pull-request title: <c>Roll back myubuntu:16.04 to sha256:0123456789ab</c>.</summary>
    public string Subject => SubjectFor(Key, ToDigest);

    public static string SubjectFor(TagKey key, Digest to)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(to);
        return $"Roll back {key.Stream}:{key.Tag} to {to.Abbreviated}";
    }

    /// <summary>
    /// The commit's trailers: the digest move as a sync writes it, and <c>Rejected-Digest</c> for the
    /// digest rolled away from, which rollback detection reads so the next sync holds it.
    /// </summary>
    public CommitContent CommitContent(string runId) => CommitContentBuilder.Build(Changes, runId) with
    {
        Subject = Subject,
        Rejected = FromDigest is { } from ? [new RejectedTrailer(Key, from)] : [],
    };
}
