using GitStreamSync.Adapters.Registry;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>
/// The indexes a run reads with GET by tag are kept on disk together, one pack file per run
/// (not one file per index), and serve a later run that meets them by HEAD; a damaged pack is
/// discarded with a warning, and many packs are merged into one.
/// </summary>
public sealed class IndexCachePackTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Fact]
    public async Task A_run_that_reads_two_indexes_by_GET_writes_one_pack_and_a_repeated_run_none()
    {
        var directory = Directory.CreateTempSubdirectory("gss-index-pack-").FullName;
        try
        {
            var options = RegistryTestKit.FastOptions with { CacheDirectory = directory };
            using (var client = RegistryTestKit.Client(options))
            {
                await ResolveBothAsync(client);
            }

            var pack = Assert.Single(Packs(directory));
            var text = await File.ReadAllTextAsync(pack);
            Assert.Contains(registry.OciIndex.Digest.ToString(), text, StringComparison.Ordinal);
            Assert.Contains(registry.DockerList.Digest.ToString(), text, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFiles(Path.Combine(directory, "indexes"), "*.json", SearchOption.TopDirectoryOnly));
            Assert.False(Directory.Exists(Path.Combine(directory, "indexes", "sha256")), "an index read by GET was written as a file of its own");

            using (var again = RegistryTestKit.Client(options))
            {
                await ResolveBothAsync(again);
            }

            Assert.Equal(pack, Assert.Single(Packs(directory)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task A_damaged_pack_is_discarded_with_a_warning_and_the_index_fetched_again()
    {
        var directory = Directory.CreateTempSubdirectory("gss-index-pack-damage-").FullName;
        try
        {
            using (var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { CacheDirectory = directory }))
            {
                (await client.ResolveAsync(registry.Ref("team/multi-oci:1.0"))).AssertResolved();
            }

            var pack = Assert.Single(Packs(directory));
            await File.WriteAllTextAsync(pack, "[{\"Index\":\"sha256:1234\",\"Entries\":[]}]");
            var log = new CapturedLog();
            using var headFirst = RegistryTestKit.Client(RegistryTestKit.FastOptions with { CacheDirectory = directory, PullBudgetHosts = [registry.Host] }, logger: log);
            var again = (await headFirst.ResolveAsync(registry.Ref("team/multi-oci:1.0"))).AssertResolved();

            Assert.Equal(registry.OciIndex.Children.Single(c => c.Platform == Platform.LinuxAmd64).Digest, again.Digest);
            Assert.Equal(1, headFirst.LastRun.IndexFetches);
            Assert.Contains(log.Lines, l => l.StartsWith("Warning: index cache file", StringComparison.Ordinal) && l.Contains("discarded", StringComparison.Ordinal));
            Assert.False(File.Exists(pack), "the damaged pack was kept");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Many_packs_are_merged_into_one_that_still_spares_the_GET()
    {
        var directory = Directory.CreateTempSubdirectory("gss-index-pack-merge-").FullName;
        try
        {
            using (var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { CacheDirectory = directory }))
            {
                (await client.ResolveAsync(registry.Ref("team/multi-docker:1.0"))).AssertResolved();
            }

            // Nine runs' worth of packs, as a worker leaves them over a day.
            var pack = Assert.Single(Packs(directory));
            for (var i = 0; i < 8; i++)
            {
                File.Copy(pack, Path.Combine(Path.GetDirectoryName(pack)!, $"copy{i}.json"));
            }

            using var headFirst = RegistryTestKit.Client(RegistryTestKit.FastOptions with { CacheDirectory = directory, PullBudgetHosts = [registry.Host] });
            var again = (await headFirst.ResolveAsync(registry.Ref("team/multi-docker:1.0"))).AssertResolved();

            Assert.Equal(registry.DockerList.Children.Single(c => c.Platform == Platform.LinuxAmd64).Digest, again.Digest);
            Assert.Equal(0, headFirst.LastRun.IndexFetches);
            var merged = Assert.Single(Packs(directory));
            Assert.Contains(registry.DockerList.Digest.ToString(), await File.ReadAllTextAsync(merged), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task ResolveBothAsync(OciRegistryClient client)
    {
        var oci = RegistryTestKit.Request(registry.Ref("team/multi-oci:1.0"));
        var docker = RegistryTestKit.Request(registry.Ref("team/multi-docker:1.0"));
        var results = await client.ResolveAllAsync([oci, docker], CancellationToken.None);
        results[oci].AssertResolved();
        results[docker].AssertResolved();
        Assert.Equal(0, client.LastRun.IndexFetches);
    }

    private static string[] Packs(string directory)
    {
        var packs = Path.Combine(directory, "indexes", "packs");
        return Directory.Exists(packs) ? Directory.GetFiles(packs, "*.json") : [];
    }
}
