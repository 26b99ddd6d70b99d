using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>
/// A damaged entry of the on-disk index cache (a disk that filled up, a hand edit, a file from an
/// older layout) is discarded with a warning and fetched again, never trusted, and the run goes on.
/// </summary>
public sealed class IndexCacheDamageTests(RegistryFixture registry) : IClassFixture<RegistryFixture>
{
    [Theory]
    [InlineData("truncated")]
    [InlineData("[{\"Digest\":null,\"MediaType\":\"application/vnd.oci.image.manifest.v1+json\"}]")]
    [InlineData("[{\"Digest\":\"sha256:1234\",\"MediaType\":\"application/vnd.oci.image.manifest.v1+json\"}]")]
    [InlineData("[{\"Digest\":\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"}]")]
    [InlineData("null")]
    [InlineData("\u0000\u0000\u0000")]
    public async Task A_damaged_index_cache_entry_is_discarded_with_a_warning_and_fetched_again(string damage)
    {
        var directory = Directory.CreateTempSubdirectory("gss-index-damage-").FullName;
        try
        {
            // HEAD first, as for a host that counts pulls: the index is then looked up in the cache.
            var options = RegistryTestKit.FastOptions with { CacheDirectory = directory, PullBudgetHosts = [registry.Host] };
            Digest first;
            using (var client = RegistryTestKit.Client(options))
            {
                first = (await client.ResolveAsync(registry.Ref("team/multi-docker:1.0"))).AssertResolved().Digest;
            }

            var file = Directory.EnumerateFiles(Path.Combine(directory, "indexes"), "*.json", SearchOption.AllDirectories).Single();
            var good = await File.ReadAllTextAsync(file);
            await File.WriteAllTextAsync(file, damage == "truncated" ? good[..(good.Length / 2)] : damage);
            var log = new CapturedLog();

            using (var next = RegistryTestKit.Client(options, logger: log))
            {
                Assert.Equal(first, (await next.ResolveAsync(registry.Ref("team/multi-docker:1.0"))).AssertResolved().Digest);
                Assert.Equal(1, next.LastRun.IndexFetches);
            }

            Assert.Contains(log.Lines, l => l.StartsWith("Warning: index cache file", StringComparison.Ordinal) && l.Contains("discarded", StringComparison.Ordinal));
            Assert.Equal(good, await File.ReadAllTextAsync(file));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
