namespace GitStreamSync.Core.Read;

/// <summary>What a pinned tag's <c>from</c> and import mode were when its current status item was written.</summary>
public sealed record PinnedSource(string FromName, string? FromNamespace, ImportMode ImportMode);
