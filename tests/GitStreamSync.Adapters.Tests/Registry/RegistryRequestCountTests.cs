using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>
/// Requests per tag as a real docker-registry logs them (access log on): one GET per tag, a
/// multi-platform tag under Legacy import included, where GETs cost nothing; a HEAD first where a
/// registry counts each manifest GET as a pull.
/// </summary>
public sealed class RegistryRequestCountTests : IAsyncLifetime
{
    private RegistryServer server = null!;
    private readonly List<(string Reference, Digest Expected)> tags = [];

    public async Task InitializeAsync()
    {
        server = await RegistryServer.StartAsync(new RegistryServerOptions { AccessLog = true });
        using var seeder = RegistrySeeder.For(server);
        for (var i = 0; i < 4; i++)
        {
            var image = await seeder.PushImageAsync("team/app", $"1.{i}", i % 2 == 0 ? ManifestFormat.Oci : ManifestFormat.Docker, Platform.LinuxAmd64);
            tags.Add(($"{server.HostPort}/team/app:1.{i}", image.Digest));
        }

        var oci = await seeder.PushIndexAsync("team/multi", "1.0", ManifestFormat.Oci, [new Platform("linux", "arm64"), Platform.LinuxAmd64]);
        var docker = await seeder.PushIndexAsync("team/multi", "2.0", ManifestFormat.Docker, [Platform.LinuxAmd64, new Platform("linux", "arm64")]);
        tags.Add(($"{server.HostPort}/team/multi:1.0", oci.Children.Single(c => c.Platform == Platform.LinuxAmd64).Digest));
        tags.Add(($"{server.HostPort}/team/multi:2.0", docker.Children.Single(c => c.Platform == Platform.LinuxAmd64).Digest));
    }

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task A_registry_without_a_pull_budget_gets_one_GET_per_tag_and_an_index_costs_no_second_request()
    {
        var before = server.CountLoggedRequests();
        using var client = RegistryTestKit.Client();

        await ResolveAllAndCheckAsync(client);

        // One GET per tag and the one GET /v2/ that learns the endpoint's scheme.
        var counted = await LoggedSinceAsync(before, expectedTotal: tags.Count + 1);
        Assert.Equal(tags.Count + 1, counted.GetValueOrDefault("GET"));
        Assert.Equal(0, counted.GetValueOrDefault("HEAD"));
        Assert.Equal(0, client.LastRun.IndexFetches);
    }

    [Fact]
    public async Task A_registry_that_counts_GETs_as_pulls_gets_a_HEAD_per_tag_and_a_GET_only_for_each_index()
    {
        var before = server.CountLoggedRequests();
        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { PullBudgetHosts = [server.HostPort] });

        await ResolveAllAndCheckAsync(client);

        var counted = await LoggedSinceAsync(before, expectedTotal: tags.Count + 2 + 1);
        Assert.Equal(tags.Count, counted.GetValueOrDefault("HEAD"));
        Assert.Equal(2 + 1, counted.GetValueOrDefault("GET"));
        Assert.Equal(2, client.LastRun.IndexFetches);
    }

    [Fact]
    public void Docker_Hub_is_asked_HEAD_first_and_a_mirror_in_front_of_it_is_not()
    {
        var options = new GitStreamSync.Adapters.Registry.RegistryClientOptions();
        Assert.True(GitStreamSync.Adapters.Registry.ManifestLookup.CountsGetsAsPulls(new Uri($"https://{DockerHub.EndpointHost}"), options));
        Assert.True(GitStreamSync.Adapters.Registry.ManifestLookup.CountsGetsAsPulls(new Uri("https://index.docker.io"), options));
        Assert.False(GitStreamSync.Adapters.Registry.ManifestLookup.CountsGetsAsPulls(new Uri("https://mirror.example.com"), options));
        Assert.False(GitStreamSync.Adapters.Registry.ManifestLookup.CountsGetsAsPulls(new Uri("https://quay.io"), options));
    }

    private async Task ResolveAllAndCheckAsync(GitStreamSync.Adapters.Registry.OciRegistryClient client)
    {
        // Each tag asked three ways (twice Legacy with different preferences, once PreserveOriginal): still one lookup per tag.
        var requests = tags.SelectMany(t => new[]
        {
            RegistryTestKit.Request(t.Reference, ImportMode.Legacy),
            RegistryTestKit.Request(t.Reference, ImportMode.Legacy, new PlatformPreference(null, "amd64", Platform.LinuxAmd64)),
            RegistryTestKit.Request(t.Reference, ImportMode.PreserveOriginal),
        }).ToList();

        var results = await client.ResolveAllAsync(requests, CancellationToken.None);

        foreach (var (reference, expected) in tags)
        {
            Assert.Equal(expected, results[RegistryTestKit.Request(reference, ImportMode.Legacy)].AssertResolved().Digest);
            Assert.Equal(expected, results[RegistryTestKit.Request(reference, ImportMode.Legacy, new PlatformPreference(null, "amd64", Platform.LinuxAmd64))].AssertResolved().Digest);
            results[RegistryTestKit.Request(reference, ImportMode.PreserveOriginal)].AssertResolved();
        }
    }

    /// <summary>
    /// The access log is written as requests finish; wait (bounded: 30 s, as long as a loaded machine
    /// needs) until the expected number is there, then count.
    /// </summary>
    private async Task<Dictionary<string, int>> LoggedSinceAsync(IReadOnlyDictionary<string, int> before, int expectedTotal)
    {
        Dictionary<string, int> since = [];
        for (var attempt = 0; attempt < 300; attempt++)
        {
            since = server.CountLoggedRequests().ToDictionary(kv => kv.Key, kv => kv.Value - before.GetValueOrDefault(kv.Key));
            if (since.Values.Sum() >= expectedTotal)
            {
                break;
            }

            await Task.Delay(100);
        }

        return since;
    }
}
