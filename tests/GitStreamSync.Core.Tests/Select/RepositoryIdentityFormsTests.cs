using GitStreamSync.Core.Select;

namespace GitStreamSync.Core.Tests.Select;

/// <summary>The address forms a shard file's repository can be written in, one identity each.</summary>
public sealed class RepositoryIdentityFormsTests
{
    [Theory]
    [InlineData("http://github.com/acme/images.git", "github.com/acme/images")]
    [InlineData("git://github.com/acme/images.git", "github.com/acme/images")]
    [InlineData("http://127.0.0.1:8080/a.git", "127.0.0.1:8080/a")]
    [InlineData("http://example.com:0/a.git", "example.com:0/a")]
    [InlineData("github.com:acme/images.git", "github.com/acme/images")]
    [InlineData("example.com:images.git", "example.com/images")]
    [InlineData("@example.com:images.git", "example.com/images")]
    [InlineData("example.com:team/app@v1.git", "example.com/team/app@v1")]
    [InlineData("/srv/git/a:b.git", "/srv/git/a:b")]
    [InlineData("repos/images.git", "repos/images")]
    [InlineData("  https://github.com/acme/images.git/  ", "github.com/acme/images")]
    public void Each_form_names_the_repository(string location, string identity) =>
        Assert.Equal(identity, RepositoryIdentity.Of(location));

    [Fact]
    public void A_one_letter_prefix_is_not_taken_for_a_host() =>
        Assert.NotEqual("c/images", RepositoryIdentity.Of("c:images"));

    [Fact]
    public void No_location_is_a_programming_error() =>
        Assert.Throws<ArgumentNullException>(() => RepositoryIdentity.Of(null!));
}
