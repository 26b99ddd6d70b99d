
using GitStreamSync.Core.Configuration;
namespace GitStreamSync.Core.Tests.Configuration;

public sealed class PathFilterTests
{
    [Theory]
    [InlineData("imagestreams/a.yaml", true)]
    [InlineData("imagestreams/team/b.yml", true)]
    [InlineData("imagestreams-old/a.yaml", false)]
    [InlineData("deploy/app.yaml", true)]
    [InlineData("deploy/nested/app.yaml", false)]
    [InlineData("deploy/app.json", false)]
    [InlineData("clusters/prod/streams/x.json", true)]
    [InlineData("clusters/streams/x.json", true)]
    [InlineData("clusters/prod/other/x.json", false)]
    [InlineData("single.yaml", true)]
    [InlineData("other.yaml", false)]
    [InlineData("v1.yaml", true)]
    [InlineData("v10.yaml", false)]
    public void Folders_files_and_globs(string path, bool included)
    {
        var filter = new PathFilter(["./imagestreams/", "deploy/*.yaml", "clusters/**/streams/*.json", "single.yaml", "v?.yaml"]);

        Assert.Equal(included, filter.Includes(path));
    }

    [Theory]
    [InlineData]
    [InlineData(".")]
    [InlineData("/")]
    public void No_entries_or_the_root_include_everything(params string[] entries)
    {
        var filter = new PathFilter(entries);

        Assert.True(filter.Includes("any/where/file.yaml"));
        Assert.True(filter.IsEverything);
    }

    [Fact]
    public void A_trailing_double_star_matches_everything_below()
    {
        var filter = new PathFilter(["streams/**"]);

        Assert.True(filter.Includes("streams/a/b/c.yaml"));
        Assert.False(filter.Includes("other/a.yaml"));
    }
}
