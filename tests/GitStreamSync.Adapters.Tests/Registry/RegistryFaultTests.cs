using GitStreamSync.Core.Ports;
using System.Net;
using System.Net.Sockets;
using GitStreamSync.Adapters.Registry;
using GitStreamSync.Testing.Registry;
using Microsoft.Extensions.Time.Testing;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>What a real registry will not do, played by the loopback fault server.</summary>
public sealed class RegistryFaultTests
{
    [Fact]
    public async Task Too_many_requests_with_Retry_After_is_waited_for_and_retried()
    {
        await using var server = FakeRegistry.Start((_, n) => n == 1 ? LoopbackResponse.Text(429, "", ("Retry-After", "1")) : FakeRegistry.Ok());
        using var client = RegistryTestKit.Client();

        var resolved = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertResolved();

        Assert.Equal(FakeRegistry.ManifestDigest, resolved.Digest);
        var heads = server.ManifestRequests("HEAD").ToList();
        Assert.Equal(2, heads.Count);
        Assert.True(heads[1].Received - heads[0].Received >= TimeSpan.FromMilliseconds(900), "Retry-After: 1 was not honoured");
    }

    [Fact]
    public async Task A_503_with_Retry_After_is_tried_four_times_each_after_the_wait_it_names_on_the_run_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 4, 0, 0, TimeSpan.Zero));
        var seen = new System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset>();
        await using var server = FakeRegistry.Start((_, _) =>
        {
            seen.Enqueue(clock.GetUtcNow());
            return LoopbackResponse.Text(503, "", ("Retry-After", "30"));
        });
        // The registry's own limits; no timeout or deadline can fire while the clock is moved by hand.
        var options = new RegistryClientOptions { RequestTimeout = TimeSpan.FromDays(1), RunDeadline = null };
        using var client = RegistryTestKit.Client(options, time: clock);

        var resolving = client.ResolveAsync($"{server.HostPort}/app:1");
        for (var step = 0; step < 500 && !resolving.IsCompleted; step++)
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            await Task.WhenAny(resolving, Task.Delay(10));
        }

        var failed = (await resolving).AssertFailed(ResolutionFailureKind.ServerError);
        Assert.False(failed.IsPermanent);
        var times = seen.ToList();
        Assert.Equal(4, times.Count);
        Assert.All(times.Zip(times.Skip(1), (before, after) => after - before), gap => Assert.True(gap >= TimeSpan.FromSeconds(30), $"retried after {gap}, before the 30 s the registry asked for"));
    }

    [Fact]
    public async Task Retry_After_beyond_the_cap_fails_as_rate_limited_without_waiting()
    {
        await using var server = FakeRegistry.Start((_, _) => LoopbackResponse.Text(429, "", ("Retry-After", "3600")));
        using var client = RegistryTestKit.Client();

        var failed = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(ResolutionFailureKind.RateLimited);

        Assert.False(failed.IsPermanent);
        Assert.Single(server.ManifestRequests());
        Assert.Contains("429", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_final_429_the_host_is_not_asked_again_in_the_run()
    {
        await using var server = FakeRegistry.Start((_, _) => LoopbackResponse.Text(429, "", ("Retry-After", "3600")));
        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { MaxConcurrencyPerHost = 1, MaxParallelReferences = 1 });
        var requests = Enumerable.Range(0, 3).Select(i => RegistryTestKit.Request($"{server.HostPort}/app:{i}")).ToList();

        var results = await client.ResolveAllAsync(requests, CancellationToken.None);

        Assert.Single(results.Values, r => r is ResolutionFailed { Kind: ResolutionFailureKind.RateLimited });
        Assert.Equal(2, results.Values.Count(r => r is ResolutionFailed { Kind: ResolutionFailureKind.Deferred }));
        Assert.Single(server.ManifestRequests());
    }

    [Fact]
    public async Task Server_error_then_success_is_retried()
    {
        await using var server = FakeRegistry.Start((_, n) => n == 1 ? LoopbackResponse.Text(500, "") : FakeRegistry.Ok());
        using var client = RegistryTestKit.Client();

        (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertResolved();
        Assert.Equal(2, server.ManifestRequests("HEAD").Count());
    }

    [Fact]
    public async Task Persistent_server_error_is_a_transient_failure_after_the_attempts()
    {
        await using var server = FakeRegistry.Start((_, _) => LoopbackResponse.Text(503, ""));
        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions.WithAttempts(3));

        var failed = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(ResolutionFailureKind.ServerError);

        Assert.False(failed.IsPermanent);
        Assert.Equal(3, server.ManifestRequests().Count());
    }

    [Fact]
    public async Task Hanging_server_times_out()
    {
        await using var server = FakeRegistry.Start((_, _) => new LoopbackResponse { Hang = true });
        using var client = RegistryTestKit.Client((RegistryTestKit.FastOptions with { RequestTimeout = TimeSpan.FromMilliseconds(300) }).WithAttempts(2));

        var failed = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(ResolutionFailureKind.Timeout);

        Assert.False(failed.IsPermanent);
        Assert.Equal(2, server.ManifestRequests().Count());
    }

    [Fact]
    public async Task Run_deadline_turns_unfinished_references_into_deferred()
    {
        await using var server = FakeRegistry.Start((_, _) => new LoopbackResponse { Hang = true });
        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { RunDeadline = TimeSpan.FromMilliseconds(400) });

        var failed = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(ResolutionFailureKind.Deferred);

        Assert.False(failed.IsPermanent);
    }

    [Fact]
    public async Task Missing_digest_header_falls_back_to_GET_and_hashes_the_bytes()
    {
        await using var server = FakeRegistry.Start((_, _) => FakeRegistry.Ok(digestHeader: null));
        using var client = RegistryTestKit.Client();

        var resolved = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertResolved();

        Assert.Equal(FakeRegistry.ManifestDigest, resolved.Digest);
        Assert.Single(server.ManifestRequests("GET"));
    }

    [Fact]
    public async Task Refused_HEAD_falls_back_to_GET()
    {
        await using var server = FakeRegistry.Start((r, _) => r.Method == "HEAD" ? LoopbackResponse.Text(405, "") : FakeRegistry.Ok());
        using var client = RegistryTestKit.Client();

        Assert.Equal(FakeRegistry.ManifestDigest, (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertResolved().Digest);
    }

    [Fact]
    public async Task Digest_header_that_does_not_match_the_bytes_is_an_error()
    {
        var other = GitStreamSync.Core.Images.Digest.ComputeSha256("other"u8).ToString();
        await using var server = FakeRegistry.Start((r, _) => r.Method == "HEAD" ? FakeRegistry.Ok(digestHeader: null) : FakeRegistry.Ok(digestHeader: other));
        using var client = RegistryTestKit.Client();

        var failed = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(ResolutionFailureKind.InvalidResponse);

        Assert.Contains("does not match", failed.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha256:XYZ")]
    [InlineData("sha256:ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789")]
    [InlineData("sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("not a digest")]
    public async Task Garbage_digest_is_an_error_never_a_result(string header)
    {
        await using var server = FakeRegistry.Start((_, _) => FakeRegistry.Ok(digestHeader: header));
        using var client = RegistryTestKit.Client();

        var failed = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(ResolutionFailureKind.InvalidResponse);

        Assert.Contains("not sha256", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Huge_body_is_refused_as_unsupported()
    {
        var huge = new byte[5 * 1024 * 1024];
        await using var server = FakeRegistry.Start((r, _) => r.Method == "HEAD" ? FakeRegistry.Ok(digestHeader: null) : FakeRegistry.Ok(digestHeader: null, body: huge));
        using var client = RegistryTestKit.Client();

        var failed = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(ResolutionFailureKind.UnsupportedManifest);

        Assert.Contains("MiB", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schema1_manifest_is_unsupported()
    {
        await using var server = FakeRegistry.Start((_, _) => FakeRegistry.Ok(contentType: "application/vnd.docker.distribution.manifest.v1+prettyjws"));
        using var client = RegistryTestKit.Client();

        (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertFailed(ResolutionFailureKind.UnsupportedManifest);
    }

    [Fact]
    public async Task Redirect_to_another_host_carries_no_credentials()
    {
        await using var elsewhere = FakeRegistry.Start((_, _) => FakeRegistry.Ok());
        await using var server = FakeRegistry.Start(
            (r, _) => r.Header("Authorization") is null
                ? LoopbackResponse.Text(401, "", ("WWW-Authenticate", "Basic realm=\"fake\""))
                : LoopbackResponse.Text(307, "", ("Location", $"{elsewhere.BaseUri}v2/app/manifests/1")),
            basicRealm: "fake");
        var environment = new Dictionary<string, string> { [GitStreamSync.Adapters.Registry.Auth.RegistryCredentialStore.EnvironmentVariableFor(server.HostPort)] = "user:redirect-canary" };
        using var client = RegistryTestKit.Client(environment: environment);

        var resolved = (await client.ResolveAsync($"{server.HostPort}/app:1")).AssertResolved();

        Assert.Equal(FakeRegistry.ManifestDigest, resolved.Digest);
        Assert.Contains(server.ManifestRequests(), r => r.Header("Authorization") is not null);
        Assert.NotEmpty(elsewhere.ManifestRequests());
        Assert.All(elsewhere.Requests, r => Assert.Null(r.Header("Authorization")));
    }

    [Fact]
    public async Task Closed_port_is_unreachable()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions.WithAttempts(2));

        var failed = (await client.ResolveAsync($"127.0.0.1:{port}/app:1")).AssertFailed(ResolutionFailureKind.Unreachable);

        Assert.False(failed.IsPermanent);
        Assert.StartsWith($"127.0.0.1:{port}/app:1: ", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Below_the_rate_limit_floor_the_remaining_tags_are_deferred_and_the_budget_reported()
    {
        await using var server = FakeRegistry.Start((_, _) =>
        {
            var ok = FakeRegistry.Ok();
            ok.Headers.Add(KeyValuePair.Create("ratelimit-limit", "100;w=21600"));
            ok.Headers.Add(KeyValuePair.Create("ratelimit-remaining", "3;w=21600"));
            return ok;
        });
        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { MaxConcurrencyPerHost = 1, MaxParallelReferences = 1, RateLimitFloor = 10 });
        var requests = Enumerable.Range(0, 5).Select(i => RegistryTestKit.Request($"{server.HostPort}/app:{i}")).ToList();

        var results = await client.ResolveAllAsync(requests, CancellationToken.None);

        Assert.Single(results.Values.OfType<Resolved>());
        var deferred = results.Values.OfType<ResolutionFailed>().ToList();
        Assert.Equal(4, deferred.Count);
        Assert.All(deferred, d => Assert.Equal(ResolutionFailureKind.Deferred, d.Kind));
        Assert.All(deferred, d => Assert.False(d.IsPermanent));
        Assert.Single(server.ManifestRequests());
        Assert.Equal(new RateLimitReading(100, 3, 21600), client.LastRun.RateLimits[server.HostPort]);
    }
}
