using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Text;
using GitStreamSync.Adapters.Registry.Auth;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>A Basic (htpasswd) registry and a Bearer (token issuer) registry, shared by the auth tests.</summary>
public sealed class AuthRegistriesFixture : IAsyncLifetime
{
    public const string User = "ci-robot";
    public const string Password = "s3cret-Basic-pass";

    public RegistryServer Basic { get; private set; } = null!;
    public RegistryServer Bearer { get; private set; } = null!;
    public TokenIssuer Issuer { get; private set; } = null!;
    public SeededImage BasicImage { get; private set; } = null!;
    public SeededImage BearerImage { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var basicOptions = new RegistryServerOptions { Htpasswd = (User, Password) };
        Basic = await RegistryServer.StartAsync(basicOptions);
        using (var seeder = RegistrySeeder.For(Basic, basicOptions))
        {
            BasicImage = await seeder.PushImageAsync("private/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        }

        Issuer = await TokenIssuer.StartAsync();
        var bearerOptions = new RegistryServerOptions { Token = Issuer };
        Bearer = await RegistryServer.StartAsync(bearerOptions);
        using var tokenSeeder = RegistrySeeder.For(Bearer, bearerOptions);
        BearerImage = await tokenSeeder.PushImageAsync("hub/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        for (var i = 0; i < 10; i++)
        {
            await tokenSeeder.PushImageAsync("hub/one", $"1.{i}", ManifestFormat.Oci, Platform.LinuxAmd64);
            await tokenSeeder.PushImageAsync("hub/two", $"1.{i}", ManifestFormat.Oci, Platform.LinuxAmd64);
        }
    }

    public async Task DisposeAsync()
    {
        await Basic.DisposeAsync();
        await Bearer.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}

/// <summary>Basic (htpasswd) and Bearer (token issuer) auth against a real registry.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RegistryAuthTests(AuthRegistriesFixture fixture) : IClassFixture<AuthRegistriesFixture>
{
    private const string User = AuthRegistriesFixture.User;
    private const string Password = AuthRegistriesFixture.Password;
    private readonly RegistryServer basic = fixture.Basic;
    private readonly RegistryServer bearer = fixture.Bearer;
    private readonly TokenIssuer issuer = fixture.Issuer;
    private readonly SeededImage basicImage = fixture.BasicImage;
    private readonly SeededImage bearerImage = fixture.BearerImage;

    [Fact]
    public async Task Basic_auth_with_credentials_from_the_environment_resolves()
    {
        using var client = RegistryTestKit.Client(environment: Env(basic.HostPort, $"{User}:{Password}"));
        var resolved = (await client.ResolveAsync($"{basic.HostPort}/private/app:1.0")).AssertResolved();
        Assert.Equal(basicImage.Digest, resolved.Digest);
    }

    [Fact]
    public async Task Basic_auth_without_credentials_is_unauthorized_and_says_how_to_fix_it()
    {
        using var client = RegistryTestKit.Client();
        var failed = (await client.ResolveAsync($"{basic.HostPort}/private/app:1.0")).AssertFailed(ResolutionFailureKind.Unauthorized);
        Assert.True(failed.IsPermanent);
        Assert.Contains(RegistryCredentialStore.EnvironmentVariableFor(basic.HostPort), failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Basic_auth_with_a_wrong_password_is_unauthorized()
    {
        using var client = RegistryTestKit.Client(environment: Env(basic.HostPort, $"{User}:wrong"));
        (await client.ResolveAsync($"{basic.HostPort}/private/app:1.0")).AssertFailed(ResolutionFailureKind.Unauthorized);
    }

    [Fact]
    public async Task Docker_config_auths_entry_is_used()
    {
        using var config = DockerConfigDirectory.Create(Json(new { auths = new Dictionary<string, object> { [basic.HostPort] = new { auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}")) } } }));
        using var client = RegistryTestKit.Client(environment: config.Environment);
        (await client.ResolveAsync($"{basic.HostPort}/private/app:1.0")).AssertResolved();
    }

    [Fact]
    public async Task Docker_credential_helper_named_in_credHelpers_is_run()
    {
        using var config = DockerConfigDirectory.Create(Json(new { credHelpers = new Dictionary<string, string> { [basic.HostPort] = "gsstest" } }));
        config.AddHelper("gsstest", $$"""{"ServerURL":"{{basic.HostPort}}","Username":"{{User}}","Secret":"{{Password}}"}""");
        using var client = RegistryTestKit.Client(environment: config.Environment);
        (await client.ResolveAsync($"{basic.HostPort}/private/app:1.0")).AssertResolved();
        Assert.Equal(basic.HostPort, config.HelperInput("gsstest"));
    }

    [Fact]
    public async Task A_password_a_credential_helper_prints_is_learnt_as_a_secret_once()
    {
        using var config = DockerConfigDirectory.Create(Json(new { credHelpers = new Dictionary<string, string> { [basic.HostPort] = "gsslearn" } }));
        config.AddHelper("gsslearn", $$"""{"ServerURL":"{{basic.HostPort}}","Username":"{{User}}","Secret":"{{Password}}"}""");
        var secrets = new GitStreamSync.Adapters.Secrets.SecretSanitizer([]);
        var learnt = new List<string>();
        secrets.Learned += learnt.Add;
        using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions with { Secrets = secrets }, config.Environment);

        // Two runs: the helper is asked in each, the secret is registered in the first only.
        (await client.ResolveAsync($"{basic.HostPort}/private/app:1.0")).AssertResolved();
        (await client.ResolveAsync($"{basic.HostPort}/private/app:1.0")).AssertResolved();

        Assert.Equal([Password], learnt);
        Assert.Equal("the helper said ***", secrets.Mask($"the helper said {Password}"));
    }

    [Fact]
    public async Task Docker_credsStore_is_asked_for_every_host()
    {
        using var config = DockerConfigDirectory.Create("""{"credsStore":"gssstore"}""");
        config.AddHelper("gssstore", $$"""{"ServerURL":"x","Username":"{{User}}","Secret":"{{Password}}"}""");
        using var client = RegistryTestKit.Client(environment: config.Environment);
        (await client.ResolveAsync($"{basic.HostPort}/private/app:1.0")).AssertResolved();
    }

    [Fact]
    public async Task Bearer_flow_with_anonymous_tokens_resolves_and_asks_one_token_per_repository_scope()
    {
        issuer.RequiredCredentials = null;
        var before = issuer.RequestedScopes.Count;
        using var client = RegistryTestKit.Client();
        var requests = Enumerable.Range(0, 10)
            .SelectMany(i => new[] { $"{bearer.HostPort}/hub/one:1.{i}", $"{bearer.HostPort}/hub/two:1.{i}" })
            .Select(r => RegistryTestKit.Request(r))
            .ToList();

        var results = await client.ResolveAllAsync(requests, CancellationToken.None);

        Assert.All(results.Values, r => r.AssertResolved());
        var scopes = issuer.RequestedScopes.Skip(before).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["repository:hub/one:pull", "repository:hub/two:pull"], scopes);
        Assert.Equal(2, client.LastRun.TokenRequests);
        // https probe + ping (401 challenge) + 20 GETs: no request is answered 401 twice.
        Assert.Equal(22, client.LastRun.RequestsPerHost[bearer.HostPort]);
    }

    [Fact]
    public async Task Bearer_flow_sends_credentials_to_the_token_realm()
    {
        issuer.RequiredCredentials = (User, Password);
        try
        {
            using var client = RegistryTestKit.Client(environment: Env(bearer.HostPort, $"{User}:{Password}"));
            var resolved = (await client.ResolveAsync($"{bearer.HostPort}/hub/app:1.0")).AssertResolved();
            Assert.Equal(bearerImage.Digest, resolved.Digest);
        }
        finally
        {
            issuer.RequiredCredentials = null;
        }
    }

    [Fact]
    public async Task Wrong_credentials_at_the_token_realm_are_unauthorized_after_one_token_request()
    {
        issuer.RequiredCredentials = (User, Password);
        try
        {
            var before = issuer.Requests.Count;
            using var client = RegistryTestKit.Client(environment: Env(bearer.HostPort, $"{User}:nope"));
            var requests = Enumerable.Range(0, 10).Select(i => RegistryTestKit.Request($"{bearer.HostPort}/hub/one:1.{i}")).ToList();
            var results = await client.ResolveAllAsync(requests, CancellationToken.None);
            Assert.All(results.Values, r => r.AssertFailed(ResolutionFailureKind.Unauthorized));
            Assert.Equal(1, issuer.Requests.Count - before);
        }
        finally
        {
            issuer.RequiredCredentials = null;
        }
    }

    [Fact]
    public async Task Identity_token_from_Docker_config_is_exchanged_with_a_refresh_token_grant()
    {
        issuer.RequiredCredentials = ("nobody", "never");
        issuer.AcceptedRefreshToken = "identity-token-value";
        try
        {
            using var config = DockerConfigDirectory.Create(Json(new { auths = new Dictionary<string, object> { [bearer.HostPort] = new { identitytoken = "identity-token-value" } } }));
            using var client = RegistryTestKit.Client(environment: config.Environment);
            (await client.ResolveAsync($"{bearer.HostPort}/hub/app:1.0")).AssertResolved();
            Assert.Contains(issuer.Requests, r => r.Method == "POST");
        }
        finally
        {
            issuer.RequiredCredentials = null;
            issuer.AcceptedRefreshToken = null;
        }
    }

    [Fact]
    public async Task Token_that_expires_during_the_run_is_replaced_once()
    {
        // The registry refuses the first token although expires_in promised minutes: it lapsed mid-run.
        issuer.IssueExpiredTokens(1);
        var before = issuer.RequestedScopes.Count;
        using var client = RegistryTestKit.Client();
        var requests = Enumerable.Range(0, 10).Select(i => RegistryTestKit.Request($"{bearer.HostPort}/hub/two:1.{i}")).ToList();

        var results = await client.ResolveAllAsync(requests, CancellationToken.None);

        Assert.All(results.Values, r => r.AssertResolved());
        Assert.Equal(2, issuer.RequestedScopes.Count - before);
    }

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value);

    private static Dictionary<string, string> Env(string host, string value) =>
        new() { [RegistryCredentialStore.EnvironmentVariableFor(host)] = value };
}
