using GitStreamSync.Adapters.Secrets;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using System.Security.Cryptography;
using GitStreamSync.Adapters.GitHub;
using GitStreamSync.Testing.GitHub;

namespace GitStreamSync.Adapters.Tests.GitHub;

public sealed class GitHubAuthTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public async Task A_GitHub_App_key_is_exchanged_for_an_installation_token_that_opens_the_pull_request()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        using var key = RSA.Create(2048);
        bed.Fake.AddApp(new GitHubFakeApp(4242, "gitstreamsync-app", key.ExportSubjectPublicKeyInfoPem(), 99, new HashSet<string> { GitHubTestBed.Repo }));
        var credentials = GitHubCredentials.FromEnvironment(Env(
            (GitHubCredentials.AppIdVariable, "4242"),
            (GitHubCredentials.AppKeyVariable, key.ExportPkcs8PrivateKeyPem().Replace("\n", "\\n", StringComparison.Ordinal)),
            ("GITHUB_TOKEN", "ghp_ignored_when_an_app_is_set")));
        Assert.IsType<GitHubAppCredentials>(credentials);
        Assert.Equal("GitHub App 4242", credentials.ToString());

        var publisher = await bed.PublisherAsync(credentials);
        var draft = new PullRequestPublication(publisher, PullRequestSettings.Default).ToDraft(GitHubTestBed.Groups(GitHubTestBed.Content(), PullRequestSettings.Default)[0]);
        var published = await publisher.PublishAsync(draft, CancellationToken.None);

        Assert.Equal(PullRequestOutcome.Created, published.Outcome);
        var requests = bed.Fake.Requests;
        Assert.Equal(("GET", "/repos/acme/images/installation", 200), (requests[0].Method, requests[0].Path, requests[0].Status));
        Assert.Equal(("POST", "/app/installations/99/access_tokens", 201), (requests[1].Method, requests[1].Path, requests[1].Status));
        Assert.StartsWith("Bearer ey", requests[0].Authorization, StringComparison.Ordinal);
        Assert.All(requests.Skip(2), r => Assert.StartsWith("Token ghs_fake", r.Authorization, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("gitstreamsync-app[bot]", Assert.Single(bed.Fake.PullRequests(GitHubTestBed.Repo)).Author);
    }

    [Fact]
    public async Task An_installation_token_is_learnt_as_a_secret_once_before_any_call_uses_it()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        using var key = RSA.Create(2048);
        bed.Fake.AddApp(new GitHubFakeApp(4242, "gitstreamsync-app", key.ExportSubjectPublicKeyInfoPem(), 99, new HashSet<string> { GitHubTestBed.Repo }));
        var credentials = GitHubAppCredentials.Create("4242", key.ExportPkcs8PrivateKeyPem(), null);
        var secrets = new SecretSanitizer([]);
        var learnt = new List<(string Token, int RequestsSoFar)>();
        secrets.Learned += token => learnt.Add((token, bed.Fake.Requests.Count));
        var factory = new GitHubClientFactory(TimeProvider.System, bed.Retry(), secrets);

        var client = await factory.CreateAsync(bed.Target, credentials, CancellationToken.None);
        await client.User.Current().ContinueWith(_ => { }, TaskScheduler.Default);

        var requests = bed.Fake.Requests;
        var (token, before) = Assert.Single(learnt);
        Assert.Equal(("POST", "/app/installations/99/access_tokens"), (requests[1].Method, requests[1].Path));
        // Learnt when issued: after the exchange, before the request that sends it.
        Assert.Equal(2, before);
        Assert.Equal($"token {token}", requests[2].Authorization, StringComparer.OrdinalIgnoreCase);
        Assert.Equal("issued ***", secrets.Mask($"issued {token}"));
    }

    [Fact]
    public async Task An_App_key_that_does_not_match_the_App_is_refused_with_a_clear_message()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        using var registered = RSA.Create(2048);
        using var wrong = RSA.Create(2048);
        bed.Fake.AddApp(new GitHubFakeApp(4242, "app", registered.ExportSubjectPublicKeyInfoPem(), 99, new HashSet<string> { GitHubTestBed.Repo }));
        var credentials = GitHubAppCredentials.Create("4242", wrong.ExportPkcs8PrivateKeyPem(), "99");

        var ex = await Assert.ThrowsAsync<PullRequestPublishException>(() => bed.PublisherAsync(credentials));

        Assert.Equal(PullRequestFailureKind.BadCredentials, ex.Kind);
        Assert.Contains("App", ex.Message, StringComparison.Ordinal);
        Assert.Equal("/app/installations/99/access_tokens", Assert.Single(bed.Fake.Requests).Path);
    }

    [Fact]
    public void The_App_JWT_is_RS256_with_the_App_id_as_issuer_and_a_short_lifetime()
    {
        using var key = RSA.Create(2048);
        var now = new DateTimeOffset(2026, 11, 28, 4, 0, 0, TimeSpan.Zero);

        var jwt = GitHubAppJwt.Create(17, key.ExportPkcs8PrivateKeyPem(), now).Split('.');

        Assert.Equal("""{"alg":"RS256","typ":"JWT"}""", System.Text.Encoding.UTF8.GetString(FromBase64Url(jwt[0])));
        using var payload = System.Text.Json.JsonDocument.Parse(FromBase64Url(jwt[1]));
        Assert.Equal(17, payload.RootElement.GetProperty("iss").GetInt64());
        Assert.Equal(now.AddSeconds(-60).ToUnixTimeSeconds(), payload.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal(now.AddMinutes(9).ToUnixTimeSeconds(), payload.RootElement.GetProperty("exp").GetInt64());
        Assert.True(key.VerifyData(System.Text.Encoding.ASCII.GetBytes(jwt[0] + "." + jwt[1]), FromBase64Url(jwt[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task GitHub_Enterprise_is_reached_under_api_v3_of_the_given_url()
    {
        await using var bed = await GitHubTestBed.StartAsync();
        var target = GitHubTarget.Resolve("https://git.example.com/acme/images.git", Env(), bed.Fake.BaseUrl + "api/v3");
        Assert.NotNull(target);
        var publisher = await bed.PublisherAsync(target: target);

        await publisher.ListToolPullRequestsAsync(PullRequestOwnership.Default, CancellationToken.None);

        Assert.NotEmpty(bed.Fake.Requests);
        Assert.All(bed.Fake.Requests, r => Assert.StartsWith("/repos/acme/images/pulls", r.Path, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("https://github.com/acme/images.git", null, null, "https://api.github.com/", "acme/images")]
    [InlineData("git@github.com:acme/images.git", null, null, "https://api.github.com/", "acme/images")]
    [InlineData("ssh://git@github.com/acme/images", null, null, "https://api.github.com/", "acme/images")]
    [InlineData("https://github.com/acme/images.git", "other/repo", null, "https://api.github.com/", "other/repo")]
    [InlineData("http://127.0.0.1:8080/git/acme/images.git", null, "http://127.0.0.1:9000", "http://127.0.0.1:9000/", "acme/images")]
    [InlineData("/srv/checkouts/acme/images", "acme/images", "https://ghe.example.com/api/v3", "https://ghe.example.com/api/v3", "acme/images")]
    public void The_target_comes_from_the_remote_or_GITHUB_REPOSITORY_and_the_api_url(string remote, string? repository, string? apiUrl, string expectedApi, string expectedRepo)
    {
        var target = GitHubTarget.Resolve(remote, Env(("GITHUB_REPOSITORY", repository!), ("GITHUB_API_URL", apiUrl!)), null);

        Assert.NotNull(target);
        Assert.Equal((expectedApi, expectedRepo), (target.ApiUrl.ToString(), target.FullName));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/git/acme/images.git")]
    [InlineData("file:///srv/git/images.git")]
    [InlineData("/srv/checkouts/images")]
    public void A_plain_Git_server_without_an_api_url_gets_no_pull_request(string remote) =>
        Assert.Null(GitHubTarget.Resolve(remote, Env(("GITHUB_REPOSITORY", "acme/images")), null));

    [Fact]
    public void The_api_url_option_wins_over_GITHUB_API_URL_and_a_nameless_remote_asks_for_GITHUB_REPOSITORY()
    {
        var target = GitHubTarget.Resolve("https://github.com/acme/images", Env(("GITHUB_API_URL", "https://ignored.example.com")), "https://ghe.example.com");
        Assert.Equal("https://ghe.example.com/", target!.ApiUrl.ToString());

        var ex = Assert.Throws<PullRequestPublishException>(() => GitHubTarget.Resolve("https://user:s3cret@ghe.example.com/images", Env(), "https://ghe.example.com"));
        Assert.Contains("GITHUB_REPOSITORY", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_come_from_GITHUB_TOKEN_then_GH_TOKEN_and_never_show_in_text()
    {
        var both = GitHubCredentials.FromEnvironment(Env(("GITHUB_TOKEN", "ghp_first"), ("GH_TOKEN", "ghp_second")));
        Assert.Equal("ghp_first", Assert.IsType<GitHubTokenCredentials>(both).Token);
        Assert.DoesNotContain("ghp_", both.ToString(), StringComparison.Ordinal);
        Assert.Equal("ghp_second", Assert.IsType<GitHubTokenCredentials>(GitHubCredentials.FromEnvironment(Env(("GH_TOKEN", "ghp_second")))).Token);
        Assert.Null(GitHubCredentials.FromEnvironment(Env()));
        Assert.Equal(PullRequestFailureKind.MissingCredentials,
            Assert.Throws<PullRequestPublishException>(() => GitHubCredentials.FromEnvironment(Env((GitHubCredentials.AppIdVariable, "12")))).Kind);
    }

    private static byte[] FromBase64Url(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded.PadRight(padded.Length + ((4 - (padded.Length % 4)) % 4), '='));
    }
}
