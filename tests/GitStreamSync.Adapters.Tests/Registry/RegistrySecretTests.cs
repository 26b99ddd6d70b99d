using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Text;
using GitStreamSync.Adapters.Registry.Auth;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>A canary password and every token issued never appear in a log line or a message.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class RegistrySecretTests
{
    private const string Canary = "CANARY-pw-7f3a9c";

    [Fact]
    public async Task Canary_password_and_tokens_appear_in_no_log_line_and_no_message()
    {
        await using var issuer = await TokenIssuer.StartAsync();
        issuer.RequiredCredentials = ("robot", Canary);
        var bearerOptions = new RegistryServerOptions { Token = issuer };
        await using var bearer = await RegistryServer.StartAsync(bearerOptions);
        var basicOptions = new RegistryServerOptions { Htpasswd = ("robot", Canary) };
        await using var basic = await RegistryServer.StartAsync(basicOptions);
        using (var seeder = RegistrySeeder.For(bearer, bearerOptions))
        {
            await seeder.PushImageAsync("hub/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        }

        using (var seeder = RegistrySeeder.For(basic, basicOptions))
        {
            await seeder.PushImageAsync("private/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64);
        }

        await using var redirecting = FakeRegistry.Start(
            (r, _) => r.Header("Authorization") is null
                ? LoopbackResponse.Text(401, "", ("WWW-Authenticate", "Basic realm=\"fake\""))
                : LoopbackResponse.Text(307, "", ("Location", "http://127.0.0.1:1/v2/app/manifests/1")),
            basicRealm: "fake");
        var log = new CapturedLog();
        var messages = new List<string>();
        var good = new Dictionary<string, string>
        {
            [RegistryCredentialStore.EnvironmentVariableFor(bearer.HostPort)] = $"robot:{Canary}",
            [RegistryCredentialStore.EnvironmentVariableFor(basic.HostPort)] = $"robot:{Canary}",
            [RegistryCredentialStore.EnvironmentVariableFor(redirecting.HostPort)] = $"robot:{Canary}",
        };
        var bad = good.ToDictionary(kv => kv.Key, kv => kv.Value + "-wrong");
        string[] references = [$"{bearer.HostPort}/hub/app:1.0", $"{bearer.HostPort}/hub/missing:1.0", $"{basic.HostPort}/private/app:1.0", $"{redirecting.HostPort}/app:1"];

        foreach (var environment in new[] { good, bad })
        {
            using var client = RegistryTestKit.Client(RegistryTestKit.FastOptions.WithAttempts(1), environment, log);
            var results = await client.ResolveAllAsync([.. references.Select(r => RegistryTestKit.Request(r))], CancellationToken.None);
            messages.AddRange(results.Values.Select(r => r.ToString()!));
            Assert.Contains(results.Values, r => r is ResolutionFailed { Kind: ResolutionFailureKind.Unauthorized } || environment == good);
        }

        Assert.Contains(messages, m => m.Contains("Resolved", StringComparison.Ordinal));
        Assert.NotEmpty(issuer.IssuedTokens);
        string[] secrets =
        [
            Canary,
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"robot:{Canary}")),
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"robot:{Canary}-wrong")),
            .. issuer.IssuedTokens,
            .. issuer.IssuedTokens.Select(t => t.Split('.')[2]),
        ];
        var everything = log.Lines.Concat(messages).ToList();
        Assert.NotEmpty(log.Lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(everything, line => line.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Credentials_and_tokens_print_redacted()
    {
        var credential = new RegistryCredential("robot", Canary, "identity-" + Canary) { Source = "test" };
        var token = new BearerToken("token-" + Canary, DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain(Canary, credential.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, token.ToString(), StringComparison.Ordinal);
    }
}
