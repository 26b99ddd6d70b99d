using GitStreamSync.Core.Plan;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>How an ImageStreamTag or ImageStreamImage source names a stream of the repository (semantics 2.4).</summary>
public sealed class StreamLookupTests
{
    [Theory]
    [InlineData("16.04", null, "16.04")]
    [InlineData("", null, "latest")]
    [InlineData("ubuntu:16.04", "ubuntu", "16.04")]
    [InlineData("ubuntu:", "ubuntu", "latest")]
    [InlineData(":16.04", "", "16.04")]
    [InlineData("ubuntu:16.04:x", "ubuntu", "16.04:x")]
    public void A_stream_tag_is_split_on_its_first_colon_and_an_empty_tag_is_latest(string name, string? stream, string tag)
    {
        Assert.Equal((stream, tag), StreamLookup.SplitStreamTag(name));
    }

    [Theory]
    [InlineData("sha256:abc", null, "sha256:abc")]
    [InlineData("ubuntu@sha256:abc", "ubuntu", "sha256:abc")]
    [InlineData("@sha256:abc", "", "sha256:abc")]
    public void A_stream_image_is_split_on_its_at_sign(string name, string? stream, string id)
    {
        Assert.Equal((stream, id), StreamLookup.SplitStreamImage(name));
    }

    [Fact]
    public void Without_a_namespace_the_referring_stream_s_namespace_picks_among_streams_of_one_name()
    {
        var self = Stream("app", [], file: "a/app.yaml", ns: "team-a");
        var inA = Stream("base", [], file: "a/base.yaml", ns: "team-a");
        var inB = Stream("base", [], file: "b/base.yaml", ns: "team-b");
        var lookup = new StreamLookup([self, inB, inA]);

        Assert.Equal((2, (string?)null), lookup.Find(0, "base", null));
        Assert.Equal((1, (string?)null), lookup.Find(0, "base", "team-b"));
    }

    [Fact]
    public void A_stream_without_a_namespace_matches_any_namespace()
    {
        var self = Stream("app", [], file: "a/app.yaml");
        var other = Stream("base", [], file: "b/base.yaml", ns: "team-b");
        var lookup = new StreamLookup([self, other]);

        Assert.Equal((1, (string?)null), lookup.Find(0, "base", null));
        Assert.Equal((1, (string?)null), lookup.Find(0, "base", "team-b"));
    }

    [Fact]
    public void The_referring_stream_itself_wins_over_a_namesake_in_its_file()
    {
        var self = Stream("app", [], file: "all.yaml", ns: "team-a");
        var namesake = Stream("app", [], file: "all.yaml");
        var lookup = new StreamLookup([namesake, self]);

        Assert.Equal((1, (string?)null), lookup.Find(1, null, null));
        Assert.Equal((1, (string?)null), lookup.Find(1, "app", "team-a"));
    }

    [Fact]
    public void Among_several_matches_the_one_in_the_referring_file_wins_else_the_name_is_ambiguous()
    {
        var self = Stream("app", [], file: "a/app.yaml");
        var near = Stream("base", [], file: "a/app.yaml", ns: "x");
        var far = Stream("base", [], file: "b/base.yaml", ns: "y");
        var farther = Stream("base", [], file: "c/base.yaml", ns: "z");

        Assert.Equal((1, (string?)null), new StreamLookup([self, near, far]).Find(0, "base", null));
        Assert.Equal(
            (-1, "imagestream \"base\" is ambiguous: found in b/base.yaml#base, c/base.yaml#base"),
            new StreamLookup([self, far, farther]).Find(0, "base", null));
    }

    [Fact]
    public void A_stream_not_in_the_repository_is_named_with_its_namespace()
    {
        var self = Stream("app", [], ns: "team-a");
        var lookup = new StreamLookup([self]);

        Assert.Equal((-1, "imagestream \"team-a/base\" not found in the repository"), lookup.Find(0, "base", null));
        Assert.Equal((-1, "imagestream \"other/app\" not found in the repository"), lookup.Find(0, "app", "other"));
        Assert.Equal((-1, "imagestream \"base\" not found in the repository"), new StreamLookup([Stream("app", [])]).Find(0, "base", null));
    }
}
