using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Tests.Propose;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
using System.Text;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>Documents built in code, fixed instants and digests, and a fake registry keyed by reference text.</summary>
internal static class PlanningFixture
{
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 5, 30, 15, 987, TimeSpan.Zero);
    public static readonly DateTimeOffset NowSeconds = new(2026, 11, 28, 5, 30, 15, TimeSpan.Zero);
    public static readonly DateTimeOffset Earlier = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset Earliest = new(2026, 10, 1, 8, 0, 0, TimeSpan.Zero);

    public static readonly Digest D1 = DigestOf("one");
    public static readonly Digest D2 = DigestOf("two");
    public static readonly Digest D3 = DigestOf("three");
    public static readonly Digest IndexDigest = DigestOf("index");

    public static Digest DigestOf(string seed) => Digest.ComputeSha256(Encoding.UTF8.GetBytes(seed));

    public static SpecTag Docker(string name, string from, bool? scheduled = null, ImportMode mode = ImportMode.Legacy, long? generation = null) => new()
    {
        Name = name,
        From = new TagSource(TagSourceKind.DockerImage, from),
        ImportPolicy = new TagImportPolicy(Scheduled: scheduled, ImportMode: mode),
        Generation = generation,
        Location = new SourceLocation(10, 5),
    };

    public static SpecTag Reference(string name, string from) =>
        Docker(name, from) with { Reference = true };

    public static SpecTag StreamTag(string name, string from, string? ns = null) => new()
    {
        Name = name,
        From = new TagSource(TagSourceKind.ImageStreamTag, from, ns),
        Location = new SourceLocation(20, 5),
    };

    public static SpecTag StreamImage(string name, string from) => new()
    {
        Name = name,
        From = new TagSource(TagSourceKind.ImageStreamImage, from),
        Location = new SourceLocation(30, 5),
    };

    public static ImageStreamDocument Stream(string name, IReadOnlyList<SpecTag> tags, ImageStreamStatus? status = null, string file = "streams/app.yaml", string? ns = null, long? generation = null) => new()
    {
        FilePath = file,
        Format = DocumentFormat.Yaml,
        DocumentIndex = 0,
        Name = name,
        Namespace = ns,
        Generation = generation,
        SpecTags = tags,
        Status = status,
        Location = new SourceLocation(1, 1),
        Span = new TextSpan(0, 100),
    };

    public static ImageStreamStatus Status(params NamedTagEventList[] tags) => new() { Tags = tags };

    public static NamedTagEventList Entry(string tag, params TagEvent[] items) => new() { Tag = tag, Items = items };

    public static TagEvent Item(string reference, Digest digest, long generation = 2, DateTimeOffset? created = null) =>
        new(created ?? Earlier, reference, digest.ToString(), generation);

    public static TagEventCondition NotFound(string normalized, long generation = 3) =>
        new("ImportSuccess", "False", Earlier, "NotFound", $"dockerimage.image.openshift.io \"{normalized}\" not found", generation);

    /// <summary>Plans with a registry that answers by the reference text as written.</summary>
    public static SyncPlan PlanOf(
        IReadOnlyList<ImageStreamDocument> streams,
        IReadOnlyDictionary<string, ResolutionOutcome>? registry = null,
        PlanSettings? settings = null,
        IReadOnlyCollection<HeldDigest>? held = null,
        IReadOnlySet<string>? due = null) =>
        SyncPlanner.Plan(Input(streams, registry, settings, held, due));

    public static PlanInput Input(
        IReadOnlyList<ImageStreamDocument> streams,
        IReadOnlyDictionary<string, ResolutionOutcome>? registry = null,
        PlanSettings? settings = null,
        IReadOnlyCollection<HeldDigest>? held = null,
        IReadOnlySet<string>? due = null)
    {
        settings ??= PlanSettings.Default;
        var selection = DueTagSelector.Select(streams, settings, due);
        var resolutions = new Dictionary<ResolveRequest, ResolutionOutcome>();
        foreach (var request in selection.Requests)
        {
            if (registry is not null && registry.TryGetValue(request.Reference.ToString(), out var outcome))
            {
                resolutions[request] = outcome;
            }
        }

        return new PlanInput
        {
            Streams = streams,
            Resolutions = resolutions,
            Settings = settings,
            Now = Now,
            DueStreams = due,
            Held = held ?? [],
        };
    }

    public static Dictionary<string, ResolutionOutcome> Registry(params (string Reference, ResolutionOutcome Outcome)[] answers) =>
        answers.ToDictionary(a => a.Reference, a => a.Outcome);

    public static Resolved Ok(Digest digest) => new(digest, "application/vnd.oci.image.manifest.v1+json");

    public static ResolutionFailed Fail(ResolutionFailureKind kind, string message = "registry said no") => new(kind, message);

    public static NamedTagEventList TagStatus(this StreamPlan plan, string tag) =>
        plan.ResultStatus!.Tags.Single(t => t.Tag == tag);
}
