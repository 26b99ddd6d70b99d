using GitStreamSync.Adapters.Git;

namespace GitStreamSync.Adapters.Tests.Git;

public sealed class GitCredentialsTests
{
    [Theory]
    [InlineData("https://git.example.com/r.git", "u", "p", null, null, "u:p")]
    [InlineData("https://git.example.com/r.git", null, "p", null, null, "git:p")]
    [InlineData("https://github.com/o/r.git", null, null, "tok", null, "x-access-token:tok")]
    [InlineData("https://github.com/o/r.git", "u", "p", "tok", null, "u:p")]
    [InlineData("https://git.example.com/r.git", null, null, "tok", null, null)]
    [InlineData("https://ghe.example.com/o/r.git", null, null, "tok", "https://ghe.example.com", "x-access-token:tok")]
    [InlineData("/some/path", null, null, "tok", null, null)]
    public void Credentials_come_from_the_environment(string location, string? user, string? password, string? token, string? server, string? expected)
    {
        var environment = new Dictionary<string, string?>
        {
            ["GITSTREAMSYNC_GIT_USERNAME"] = user,
            ["GITSTREAMSYNC_GIT_PASSWORD"] = password,
            ["GITHUB_TOKEN"] = token,
            ["GITHUB_SERVER_URL"] = server,
        };

        var credentials = GitCredentials.FromEnvironment(location, name => environment.GetValueOrDefault(name));

        Assert.Equal(expected, credentials is null ? null : $"{credentials.Username}:{credentials.Password}");
    }

    [Fact]
    public void The_secret_is_not_printed()
    {
        Assert.DoesNotContain("hunter2", new GitCredentials("me", "hunter2").ToString(), StringComparison.Ordinal);
    }
}
