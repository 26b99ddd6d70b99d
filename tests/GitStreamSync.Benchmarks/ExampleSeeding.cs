using GitStreamSync.Testing.Registry;
using GitStreamSync.Testing.Sync;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// <c>seed-example REGISTRY_URL FOLDER GENERATION [REFERENCE...]</c> pushes images matching a folder
/// of ImageStreams into a registry (all of them, or the named references: an upstream retag);
/// <c>example-hosts FOLDER</c> prints the registry hosts to mirror. Used by tests/demo.sh.
/// </summary>
internal static class ExampleSeeding
{
    public static async Task<int> SeedAsync(string[] args)
    {
        if (args.Length < 3 || !Uri.TryCreate(args[0], UriKind.Absolute, out var registry))
        {
            Console.Error.WriteLine("usage: seed-example REGISTRY_URL FOLDER GENERATION [REFERENCE...]");
            return 2;
        }

        using var seeder = new RegistrySeeder(registry);
        var seeded = await ExampleImages.SeedAsync(seeder, args[1], args[2], args.Length > 3 ? args[3..] : null);
        foreach (var (reference, index) in seeded.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"{reference,-60} {index.Digest}");
        }

        return seeded.Count > 0 ? 0 : 1;
    }

    public static int Hosts(string[] args)
    {
        foreach (var host in ExampleImages.Hosts(args[0]))
        {
            Console.WriteLine(host);
        }

        return 0;
    }
}
