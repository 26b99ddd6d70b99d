using GitStreamSync.Core.Images;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace GitStreamSync.Core.Record;

/// <summary>
/// The names of the machine-readable trailers the tool writes as the last paragraph of its commits.
/// Rollback detection reads them back from history, so their format is a contract
/// (README "Commit trailers"): one line each, fields separated by single spaces.
/// </summary>
public static class CommitTrailerNames
{
    /// <summary><c>Image-Stream-Tag: &lt;file&gt;#&lt;stream&gt;:&lt;tag&gt; &lt;old-digest|-&gt; &lt;new-digest&gt;</c>, one per tag whose image moved.</summary>
    public const string ImageStreamTag = "Image-Stream-Tag";

    /// <summary><c>Image-Stream-Tag-Status: &lt;file&gt;#&lt;stream&gt;:&lt;tag&gt; &lt;note&gt;</c>, one per tag whose status changed without a new image (condition, reference event).</summary>
    public const string ImageStreamTagStatus = "Image-Stream-Tag-Status";

    /// <summary>
    /// <c>Rejected-Digest: &lt;file&gt;#&lt;stream&gt;:&lt;tag&gt; &lt;digest&gt;</c>, written by <c>rollback</c> for the digest it
    /// rolled away from: later runs do not propose that digest for that tag again.
    /// </summary>
    public const string RejectedDigest = "Rejected-Digest";

    /// <summary><c>GitStreamSync-Run: &lt;id&gt;</c>, once per commit.</summary>
    public const string Run = "GitStreamSync-Run";
}

/// <summary>One <c>Image-Stream-Tag</c> trailer: the tag's image moved from <see cref="OldDigest"/> (null: it had none) to <see cref="NewDigest"/>.</summary>
public sealed record DigestTrailer(TagKey Key, Digest? OldDigest, Digest NewDigest)
{
    public override string ToString() => $"{CommitTrailerNames.ImageStreamTag}: {Key} {OldDigest?.ToString() ?? "-"} {NewDigest}";
}

/// <summary>One <c>Image-Stream-Tag-Status</c> trailer: a status change without a new image, e.g. <c>import-failed:NotFound</c>.</summary>
public sealed record StatusTrailer(TagKey Key, string Note)
{
    public override string ToString() => $"{CommitTrailerNames.ImageStreamTagStatus}: {Key} {Note}";
}

/// <summary>One <c>Rejected-Digest</c> trailer: <see cref="Digest"/> must not be proposed for the tag again.</summary>
public sealed record RejectedTrailer(TagKey Key, Digest Digest)
{
    public override string ToString() => $"{CommitTrailerNames.RejectedDigest}: {Key} {Digest}";
}
