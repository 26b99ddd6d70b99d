using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Plan;

/// <summary>What the run decided for one spec tag; <see cref="Entry"/> is the tag's status afterwards.</summary>
internal sealed class TagOutcome(NamedTagEventList? entry)
{
    public NamedTagEventList? Entry { get; set; } = entry;
    public TagChange? Change { get; set; }
    public TagFailure? Failure { get; set; }
    public DeferredTag? Deferred { get; set; }
    public HeldTag? Held { get; set; }
    public WaitingTag? Waiting { get; set; }
    public UnverifiedDigest? Unverified { get; set; }
    public List<Problem> Problems { get; } = [];
}
