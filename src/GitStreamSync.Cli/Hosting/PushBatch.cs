namespace GitStreamSync.Cli.Hosting;

/// <summary>What one or more notifications said: the pushed images and, where the event named them, the tags pushed and their digests.</summary>
internal sealed record PushBatch(IReadOnlySet<string> Images, IReadOnlyList<TagDigest> Tags);
