using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Net;
using System.Net.Sockets;
using GitStreamSync.Adapters.Registry;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>Mirrors are asked first, in order; the source answers when they cannot, unless the host is mirror-only.</summary>
public sealed class RegistryMirrorTests : IAsyncLifetime
{
    private RegistryServer source = null!;
    private RegistryServer mirror = null!;
    private SeededImage atSource = null!;
    private SeededImage atMirror = null!;

    public async Task InitializeAsync()
    {
        source = await RegistryServer.StartAsync();
        mirror = await RegistryServer.StartAsync();
        using var sourceSeeder = RegistrySeeder.For(source);
        using var mirrorSeeder = RegistrySeeder.For(mirror);
        atSource = await sourceSeeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64, unique: "source copy");
        atMirror = await mirrorSeeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64, unique: "mirror copy");
        await sourceSeeder.PushImageAsync("team/only-at-source", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
    }

    public async Task DisposeAsync()
    {
        await source.DisposeAsync();
        await mirror.DisposeAsync();
    }

    [Fact]
    public async Task Mirror_answers_first()
    {
        using var client = Client(mirror.BaseUri);
        var resolved = (await client.ResolveAsync($"{source.HostPort}/team/app:1.0")).AssertResolved();
        Assert.Equal(atMirror.Digest, resolved.Digest);
        Assert.Equal(mirror.HostPort, resolved.AnsweredBy);
    }

    [Fact]
    public async Task Mirror_down_the_source_answers_and_the_mirror_is_tried_once_per_run()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var down = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        using var client = Client(down);
        var requests = new[] { "team/app:1.0", "team/only-at-source:1.0" }.Select(r => RegistryTestKit.Request($"{source.HostPort}/{r}")).ToList();

        var results = await client.ResolveAllAsync(requests, CancellationToken.None);

        var resolved = results[requests[0]].AssertResolved();
        Assert.Equal(atSource.Digest, resolved.Digest);
        Assert.Equal(source.HostPort, resolved.AnsweredBy);
        results[requests[1]].AssertResolved();
        Assert.Equal(1, client.LastRun.RequestsPerHost[down.Authority]);
    }

    [Fact]
    public async Task Tag_missing_at_the_mirror_is_asked_at_the_source()
    {
        using var client = Client(mirror.BaseUri);
        var resolved = (await client.ResolveAsync($"{source.HostPort}/team/only-at-source:1.0")).AssertResolved();
        Assert.Equal(source.HostPort, resolved.AnsweredBy);
    }

    [Fact]
    public async Task Mirrors_are_tried_in_order()
    {
        var options = RegistryTestKit.FastOptions with
        {
            Registries = new RegistrySettings(
                [RegistryMirror.Parse($"{source.HostPort}=http://127.0.0.1:1"), RegistryMirror.Parse($"{source.HostPort}={mirror.BaseUri}")],
                []),
        };
        using var client = RegistryTestKit.Client(options);
        var resolved = (await client.ResolveAsync($"{source.HostPort}/team/app:1.0")).AssertResolved();
        Assert.Equal(mirror.HostPort, resolved.AnsweredBy);
    }

    [Fact]
    public async Task A_mirror_only_host_is_never_asked_itself_whatever_its_mirror_answers()
    {
        await using var proxy = RegistryFaultProxy.Start(mirror.BaseUri);
        proxy.FailManifest("team/app", "1.0", 503);
        var options = RegistryTestKit.FastOptions.WithAttempts(1) with
        {
            Registries = new RegistrySettings([RegistryMirror.Parse($"{source.HostPort}={proxy.BaseUri}")], [], [source.HostPort]),
        };
        using var client = RegistryTestKit.Client(options);
        var requests = new[] { "team/app:1.0", "team/only-at-source:1.0" }.Select(r => RegistryTestKit.Request($"{source.HostPort}/{r}")).ToList();

        var results = await client.ResolveAllAsync(requests, CancellationToken.None);

        // The source holds both tags and would answer; it is never contacted.
        Assert.False(client.LastRun.RequestsPerHost.ContainsKey(source.HostPort), string.Join(", ", client.LastRun.RequestsPerHost.Keys));
        var failed = Assert.IsType<ResolutionFailed>(results[requests[0]]);
        Assert.Equal(ResolutionFailureKind.ServerError, failed.Kind);
        Assert.Equal($"{source.HostPort}/team/app:1.0: server error ({proxy.BaseUri.Authority} answered 503, UNAVAILABLE); {source.HostPort} itself is not asked (mirror-only)", failed.Message);
        var missing = Assert.IsType<ResolutionFailed>(results[requests[1]]);
        Assert.Equal(ResolutionFailureKind.NotFound, missing.Kind);
        Assert.EndsWith($"; {source.HostPort} itself is not asked (mirror-only)", missing.Message, StringComparison.Ordinal);
    }

    private OciRegistryClient Client(Uri mirrorUrl) =>
        RegistryTestKit.Client(RegistryTestKit.FastOptions with
        {
            Registries = new RegistrySettings([RegistryMirror.Parse($"{source.HostPort}={mirrorUrl}")], []),
        });
}
