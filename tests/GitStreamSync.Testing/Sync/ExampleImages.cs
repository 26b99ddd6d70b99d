using GitStreamSync.Core.Images;
using GitStreamSync.Core.Read;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Testing.Sync;

/// <summary>
/// Seeds a loopback registry with an image for every tag-addressed DockerImage source in a folder of
/// ImageStreams (example-repo), as the registry would hold them behind a mirror: repositories by
/// their contact path (<c>library/ubuntu</c> for Docker Hub's <c>ubuntu</c>). Each tag gets an OCI
/// index of linux/amd64 and linux/arm64, so Legacy and PreserveOriginal tags both resolve.
/// Digests depend only on the reference and <c>generation</c>: seeding again with another
/// generation is an upstream retag.
/// </summary>
public static class ExampleImages
{
    public static readonly IReadOnlyList<Platform> Platforms = [Platform.LinuxAmd64, new Platform("linux", "arm64")];

    /// <summary>The distinct registry hosts the folder's sources name (for <c>--registry-mirror HOST=URL</c>).</summary>
    public static IReadOnlyList<string> Hosts(string folder) =>
        [.. References(folder).Select(r => r.ToContact().Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The options that route every registry host the folder names to <paramref name="mirror"/> alone:
    /// <c>--registry-mirror HOST=URL --mirror-only HOST</c> per host, so a tag the mirror cannot serve
    /// fails the same way on a machine with internet as on one without, instead of falling back to
    /// the real registry.
    /// </summary>
    public static IReadOnlyList<string> MirrorOnlyArguments(string folder, Uri mirror)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        return [.. Hosts(folder).SelectMany(host => new[] { "--registry-mirror", $"{host}={mirror.ToString().TrimEnd('/')}", "--mirror-only", host })];
    }

    /// <summary>Every DockerImage source named by tag (digest-pinned ones cannot be seeded: their digest is fixed).</summary>
    public static IReadOnlyList<ImageReference> References(string folder)
    {
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => new SourceFile(Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText(f)))
            .Where(f => ImageStreamReader.IsCandidate(f.Path));
        return [.. ImageStreamReader.ReadRepository(files).Streams
            .SelectMany(s => s.SpecTags)
            .Where(t => t.From is { Kind: TagSourceKind.DockerImage } && !t.Reference)
            .Select(t => ImageReference.TryParse(t.From!.Name, out var reference) ? reference : null)
            .OfType<ImageReference>()
            .Where(r => r.Digest is null)
            .DistinctBy(r => r.ToContact().Normalized)];
    }

    /// <summary>
    /// The image example-repo pins by digest (<c>webapp-base:release-2024-11</c>, Docker Hub's
    /// <c>eclipse-temurin@sha256:...</c>): seeded with fixed content whatever the generation, so its
    /// digest is the one the file names and the mirror answers for it. Without it the run would
    /// fall back to Docker Hub, and its result would depend on the machine's network.
    /// </summary>
    public static Task<SeededIndex> SeedPinnedAsync(RegistrySeeder seeder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(seeder);
        return seeder.PushIndexAsync("library/eclipse-temurin", "release-2024-11", ManifestFormat.Oci, Platforms, "pinned:docker.io/library/eclipse-temurin:release-2024-11", cancellationToken);
    }

    /// <summary>
    /// Pushes every reference (or only those whose text is in <paramref name="only"/>) as
    /// <paramref name="generation"/>, and with every reference also the image pinned by digest.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, SeededIndex>> SeedAsync(
        RegistrySeeder seeder, string folder, string generation, IReadOnlyCollection<string>? only = null, CancellationToken cancellationToken = default)
    {
        var seeded = new Dictionary<string, SeededIndex>(StringComparer.Ordinal);
        if (only is null)
        {
            var pinned = await SeedPinnedAsync(seeder, cancellationToken);
            seeded[$"eclipse-temurin@{pinned.Digest}"] = pinned;
        }

        foreach (var reference in References(folder).Where(r => only is null || only.Contains(r.ToString())))
        {
            var contact = reference.ToContact();
            seeded[reference.ToString()] = await seeder.PushIndexAsync(
                contact.Repository, contact.Reference, ManifestFormat.Oci, Platforms, $"{generation}:{contact.Normalized}", cancellationToken);
        }

        return seeded;
    }
}
