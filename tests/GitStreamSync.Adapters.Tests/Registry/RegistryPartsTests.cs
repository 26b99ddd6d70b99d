using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Text;
using GitStreamSync.Adapters.Registry;
using GitStreamSync.Adapters.Registry.Auth;
using GitStreamSync.Adapters.Registry.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>The registry client's pure parts: challenges, endpoints, platform choice, budgets, token cache.</summary>
public sealed class RegistryPartsTests
{
    [Fact]
    public void Bearer_challenge_is_parsed_with_quotes_and_commas()
    {
        var challenge = AuthChallenge.Parse("Bearer", "realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/ubuntu:pull,push\"");
        Assert.True(challenge.IsBearer);
        Assert.Equal("https://auth.docker.io/token", challenge.Realm);
        Assert.Equal("registry.docker.io", challenge.Service);
        Assert.Equal("repository:library/ubuntu:pull,push", challenge.Scope);
    }

    [Fact]
    public void Basic_challenge_and_unquoted_values_are_parsed()
    {
        var challenge = AuthChallenge.Parse("Basic", "realm=registry, charset=\"UTF-8\"");
        Assert.True(challenge.IsBasic);
        Assert.Equal("registry", challenge.Realm);
        Assert.Equal("UTF-8", challenge.Parameters["charset"]);
    }

    [Fact]
    public void Insecure_endpoint_tries_https_then_http_and_secure_one_only_https()
    {
        var insecure = RegistryEndpoint.For("r.local:5000", "r.local:5000", insecure: true, RegistrySettings.Empty).Single();
        var secure = RegistryEndpoint.For("docker.io", "registry-1.docker.io", insecure: false, RegistrySettings.Empty).Single();
        Assert.Equal(["https://r.local:5000/", "http://r.local:5000/"], insecure.Candidates.Select(c => c.ToString()));
        Assert.Equal(["https://registry-1.docker.io/"], secure.Candidates.Select(c => c.ToString()));
    }

    public static TheoryData<string?, string?, string, string> Choices => new()
    {
        { null, null, "linux/amd64", "linux/amd64" },
        { null, "arm64", "linux/amd64", "linux/arm64/v8" },
        { "windows", null, "linux/amd64", "windows/amd64" },
        { null, null, "linux/arm/v7", "linux/arm/v7" },
        { null, null, "linux/arm/v5", "linux/amd64" },
        { null, "riscv64", "linux/ppc64le", "linux/amd64" },
    };

    [Theory]
    [MemberData(nameof(Choices))]
    public void Legacy_platform_choice_follows_the_order(string? preferOs, string? preferArch, string configured, string expected)
    {
        var entries = new[] { "unknown/unknown", "linux/arm64/v8", "linux/arm/v6", "linux/arm/v7", "linux/amd64", "windows/amd64" }
            .Select((p, i) => new IndexEntry(Digest.ComputeSha256(Encoding.UTF8.GetBytes(p)), ManifestMediaTypes.OciManifest, Platform.Parse(p)))
            .ToList();
        var chosen = ManifestIndex.Choose(entries, new PlatformPreference(preferOs, preferArch, Platform.Parse(configured)), byTag: true);
        Assert.Equal(Platform.Parse(expected), chosen!.Platform);
    }

    [Fact]
    public void Without_any_match_the_first_real_platform_is_chosen()
    {
        var entries = new[] { "unknown/unknown", "linux/s390x", "linux/ppc64le" }
            .Select(p => new IndexEntry(Digest.ComputeSha256(Encoding.UTF8.GetBytes(p)), ManifestMediaTypes.OciManifest, Platform.Parse(p)))
            .ToList();
        Assert.Equal(Platform.Parse("linux/s390x"), ManifestIndex.Choose(entries, PlatformPreference.Default, byTag: true)!.Platform);
    }

    [Fact]
    public void Index_with_a_bad_entry_digest_is_not_an_index()
    {
        var body = """{"schemaVersion":2,"manifests":[{"mediaType":"x","digest":"sha256:nope","platform":{"os":"linux","architecture":"amd64"}}]}"""u8.ToArray();
        var reading = ManifestReading.Read(body, ManifestMediaTypes.OciIndex);
        Assert.Null(reading.Document);
        Assert.Equal("an index that is not an OCI index: an entry has no valid sha256 digest", reading.Problem);
    }

    [Fact]
    public void Rate_limit_headers_are_read_and_the_lowest_remaining_kept()
    {
        var tracker = new RateLimitTracker(floor: 10);
        tracker.Observe("registry-1.docker.io", "100;w=21600", "76;w=21600");
        tracker.Observe("registry-1.docker.io", "100;w=21600", "80;w=21600");
        tracker.Observe("quay.io", null, null);
        Assert.Equal(new RateLimitReading(100, 76, 21600), tracker.Readings["registry-1.docker.io"]);
        Assert.False(tracker.IsBelowFloor("registry-1.docker.io", out _));
        Assert.False(tracker.IsBelowFloor("quay.io", out _));
        tracker.Observe("registry-1.docker.io", "100;w=21600", "9;w=21600");
        Assert.True(tracker.IsBelowFloor("registry-1.docker.io", out var reading));
        Assert.Equal(9, reading.Remaining);
    }

    [Theory]
    [InlineData("quay.io", "GITSTREAMSYNC_REGISTRY_AUTH_QUAY_IO")]
    [InlineData("127.0.0.1:5000", "GITSTREAMSYNC_REGISTRY_AUTH_127_0_0_1_5000")]
    [InlineData("my-registry.example.com", "GITSTREAMSYNC_REGISTRY_AUTH_MY_REGISTRY_EXAMPLE_COM")]
    public void Environment_variable_name_per_host(string host, string variable) =>
        Assert.Equal(variable, RegistryCredentialStore.EnvironmentVariableFor(host));

    [Fact]
    public async Task Docker_Hub_credentials_are_found_under_any_of_its_names()
    {
        var store = new RegistryCredentialStore(n => n == "GITSTREAMSYNC_REGISTRY_AUTH_DOCKER_IO" ? "me:pw" : null, NullLogger.Instance);
        var credential = await store.FindAsync("registry-1.docker.io", CancellationToken.None);
        Assert.Equal("me", credential!.Username);
    }

    [Fact]
    public async Task Token_cache_fetches_once_for_concurrent_callers_and_again_after_expiry()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var cache = new BearerTokenCache(time);
        var gate = new TaskCompletionSource();
        var fetches = 0;
        async Task<BearerToken> Fetch()
        {
            var n = Interlocked.Increment(ref fetches);
            await gate.Task;
            return new BearerToken($"t{n}", time.GetUtcNow().AddSeconds(50));
        }

        var waiting = Enumerable.Range(0, 16).Select(_ => cache.GetAsync("k", Fetch, refused: null)).ToList();
        gate.SetResult();
        var tokens = await Task.WhenAll(waiting);
        Assert.All(tokens, t => Assert.Equal("t1", t.Value));

        Assert.Equal("t1", (await cache.GetAsync("k", Fetch, null)).Value);
        time.Advance(TimeSpan.FromSeconds(51));
        Assert.Equal("t2", (await cache.GetAsync("k", Fetch, null)).Value);
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task Token_refused_by_the_registry_is_replaced_once_for_all_callers()
    {
        var cache = new BearerTokenCache(TimeProvider.System);
        var fetches = 0;
        Task<BearerToken> Fetch() => Task.FromResult(new BearerToken($"t{Interlocked.Increment(ref fetches)}", DateTimeOffset.MaxValue));

        var first = await cache.GetAsync("k", Fetch, null);
        var refused = new BearerToken(first.Value, DateTimeOffset.MinValue);
        var renewed = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => cache.GetAsync("k", Fetch, refused)));

        Assert.All(renewed, t => Assert.Equal("t2", t.Value));
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task Refused_credentials_are_remembered_for_the_run()
    {
        var cache = new BearerTokenCache(TimeProvider.System);
        var fetches = 0;
        Task<BearerToken> Fetch()
        {
            Interlocked.Increment(ref fetches);
            throw new RegistryRequestException(ResolutionFailureKind.Unauthorized, "refused");
        }

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<RegistryRequestException>(() => cache.GetAsync("k", Fetch, null));
        }

        Assert.Equal(1, fetches);
    }
}
