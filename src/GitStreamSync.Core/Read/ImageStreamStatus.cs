namespace GitStreamSync.Core.Read;

/// <summary><c>status</c> of an ImageStream, in the shape OpenShift's API serves it.</summary>
public sealed record ImageStreamStatus
{
    /// <summary>Always printed by OpenShift, as <c>""</c> when empty.</summary>
    public string DockerImageRepository { get; init; } = "";
    public string? PublicDockerImageRepository { get; init; }

    /// <summary>Sorted by tag name when written.</summary>
    public IReadOnlyList<NamedTagEventList> Tags { get; init; } = [];

    public bool Equals(ImageStreamStatus? other) =>
        other is not null
        && DockerImageRepository == other.DockerImageRepository
        && PublicDockerImageRepository == other.PublicDockerImageRepository
        && Tags.SequenceEqual(other.Tags);

    public override int GetHashCode() => HashCode.Combine(DockerImageRepository, PublicDockerImageRepository, Tags.Count);
}

/// <summary>One <c>status.tags</c> entry: the history of one tag, newest first.</summary>
public sealed record NamedTagEventList
{
    public required string Tag { get; init; }

    /// <summary>Newest first; <c>items[0]</c> is current. Empty prints as <c>items: null</c>.</summary>
    public IReadOnlyList<TagEvent> Items { get; init; } = [];
    public IReadOnlyList<TagEventCondition> Conditions { get; init; } = [];

    /// <summary>Where this entry was read from, or null for one the planner made.</summary>
    public TextSpan? Span { get; init; }

    public bool Equals(NamedTagEventList? other) =>
        other is not null && Tag == other.Tag && Items.SequenceEqual(other.Items) && Conditions.SequenceEqual(other.Conditions);

    public override int GetHashCode() => HashCode.Combine(Tag, Items.Count, Conditions.Count);
}

/// <summary>One history item. <see cref="Created"/> is RFC 3339 UTC with second precision.</summary>
public sealed record TagEvent(DateTimeOffset Created, string DockerImageReference, string Image, long Generation);

/// <summary>A tag condition; in practice only <c>ImportSuccess</c> / <c>False</c> is written.</summary>
public sealed record TagEventCondition(
    string Type,
    string Status,
    DateTimeOffset LastTransitionTime,
    string? Reason,
    string? Message,
    long Generation);
