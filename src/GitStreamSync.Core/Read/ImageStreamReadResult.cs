namespace GitStreamSync.Core.Read;

/// <summary>
/// What reading a file or a repository found: the valid ImageStreams and the problems. A document
/// with a problem is reported and left out of <see cref="Streams"/>; every other document is kept.
/// </summary>
internal sealed record ImageStreamReadResult(IReadOnlyList<ImageStreamDocument> Streams, IReadOnlyList<Problem> Problems)
{
    /// <summary>How many files were read (for a single file: 1).</summary>
    public int FileCount { get; init; } = 1;
}
