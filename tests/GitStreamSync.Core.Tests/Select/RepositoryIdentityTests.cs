using GitStreamSync.Core.Select;

namespace GitStreamSync.Core.Tests.Select;

public sealed class RepositoryIdentityTests
{
    [Theory]
    [InlineData("https://github.com/acme/images.git")]
    [InlineData("https://github.com/acme/images")]
    [InlineData("https://GitHub.com/acme/images/")]
    [InlineData("https://github.com:443/acme/images.git")]
    [InlineData("git@github.com:acme/images.git")]
    [InlineData("ssh://git@github.com/acme/images")]
    public void One_repository_reached_in_different_ways_has_one_identity(string location) =>
        Assert.Equal("github.com/acme/images", RepositoryIdentity.Of(location));

    [Fact]
    public void Other_repositories_and_ports_differ()
    {
        Assert.NotEqual(RepositoryIdentity.Of("https://github.com/acme/images"), RepositoryIdentity.Of("https://github.com/acme/other"));
        Assert.NotEqual(RepositoryIdentity.Of("http://127.0.0.1:8080/a.git"), RepositoryIdentity.Of("http://127.0.0.1:8081/a.git"));
        Assert.Equal("/srv/git/images", RepositoryIdentity.Of("/srv/git/images.git"));
        Assert.Equal("/srv/git/images", RepositoryIdentity.Of("file:///srv/git/images.git"));
    }
}
