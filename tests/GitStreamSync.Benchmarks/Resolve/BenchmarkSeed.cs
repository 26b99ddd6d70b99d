using GitStreamSync.Core.Images;
using System.Collections.Concurrent;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Benchmarks.Resolve;

/// <summary>One seeded tag: the reference and the digest a Legacy linux/amd64 resolution must give.</summary>
internal sealed record SeededTag(string Repository, string Tag, string Expected, bool MultiPlatform);

/// <summary>
/// Seeds the benchmark's tags through the registry API: shared blobs (mounted once per repository),
/// OCI manifests made unique by an annotation, every k-th tag an index over linux/amd64 + linux/arm64.
/// </summary>
internal static class BenchmarkSeed
{
    private static readonly string[] Names = ["ubuntu", "debian", "alpine", "nginx", "redis", "postgres", "python", "node", "golang", "busybox"];

    public static async Task<IReadOnlyList<SeededTag>> SeedAsync(RegistrySeeder seeder, ResolveBenchmarkOptions options)
    {
        var perRepository = (options.Tags + options.Repositories - 1) / options.Repositories;
        var multiEvery = options.MultiPercent <= 0 ? int.MaxValue : 100 / options.MultiPercent;
        var plan = Enumerable.Range(0, options.Tags)
            .Select(i => (Repository: RepositoryName(i / perRepository), Tag: $"1.{i % perRepository / 10}.{i % 10}", Multi: (i % perRepository + 1) % multiEvery == 0))
            .ToList();
        var seeded = new ConcurrentBag<SeededTag>();
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, cancellationToken) =>
        {
            if (item.Multi)
            {
                var index = await seeder.PushIndexAsync(item.Repository, item.Tag, ManifestFormat.Oci, [Platform.LinuxAmd64, new Platform("linux", "arm64")], cancellationToken: cancellationToken);
                seeded.Add(new SeededTag(item.Repository, item.Tag, index.Children[0].Digest.ToString(), true));
            }
            else
            {
                var image = await seeder.PushImageAsync(item.Repository, item.Tag, ManifestFormat.Oci, Platform.LinuxAmd64, cancellationToken: cancellationToken);
                seeded.Add(new SeededTag(item.Repository, item.Tag, image.Digest.ToString(), false));
            }
        });
        return [.. seeded.OrderBy(s => s.Repository, StringComparer.Ordinal).ThenBy(s => s.Tag, StringComparer.Ordinal)];
    }

    private static string RepositoryName(int i) => i < Names.Length ? $"library/{Names[i]}" : $"testbed/app-{i:D4}";
}
