namespace GitStreamSync.Cli.Tests.Sync;

/// <summary>Manifest requests by tag (not by digest) in a docker-registry access log: the registry asked to resolve a tag.</summary>
internal static class TagManifestRequests
{
    public static int Count(string logPath)
    {
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            var at = line.IndexOf("/manifests/", StringComparison.Ordinal);
            count += at >= 0 && line.Contains(" HTTP/", StringComparison.Ordinal)
                && !line.AsSpan(at + "/manifests/".Length).StartsWith("sha256:", StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }
}
