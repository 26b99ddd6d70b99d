using GitStreamSync.Adapters.Git;
using GitStreamSync.Adapters.GitHub;
using GitStreamSync.Testing.Git;

namespace GitStreamSync.Adapters.Tests.Git;

public sealed class GitRemoteTests
{
    [Fact]
    public void A_working_copy_is_named_by_its_origin_so_a_github_checkout_gets_a_pull_request()
    {
        using var folder = new TemporaryDirectory("remote");
        GitCli.Run(folder.Path, "init", "-q", "-b", "main");
        GitCli.Run(folder.Path, "remote", "add", "origin", "https://github.com/acme/images.git");
        Directory.CreateDirectory(Path.Combine(folder.Path, "sub"));

        Assert.Equal("https://github.com/acme/images.git", GitRemote.UrlOf(Path.Combine(folder.Path, "sub")));
        Assert.Equal("acme/images", GitHubTarget.Resolve(GitRemote.UrlOf(folder.Path), _ => null, null)!.FullName);
    }

    [Theory]
    [InlineData("https://github.com/acme/images.git")]
    [InlineData("git@github.com:acme/images.git")]
    [InlineData("/no/such/folder")]
    public void Urls_and_missing_folders_are_taken_as_given(string location) =>
        Assert.Equal(location, GitRemote.UrlOf(location));

    [Fact]
    public void A_folder_without_origin_is_its_own_name()
    {
        using var folder = new TemporaryDirectory("remote");
        GitCli.Run(folder.Path, "init", "-q", "-b", "main");

        Assert.Equal(folder.Path, GitRemote.UrlOf(folder.Path));
    }
}
