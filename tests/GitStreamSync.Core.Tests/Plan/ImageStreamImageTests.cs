using GitStreamSync.Core.Plan;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>An ImageStreamImage source names an image of a stream of the repository by its id, or a prefix of it.</summary>
public sealed class ImageStreamImageTests
{
    private static string ProblemOf(string from, params GitStreamSync.Core.Read.TagEvent[] items)
    {
        var source = Stream("base", [], Status(Entry("stable", items)), file: "base.yaml");
        var app = Stream("app", [StreamImage("pinned", from)], file: "app.yaml");
        return Assert.Single(Assert.Single(PlanOf([app, source]).Streams, s => s.Stream.Name == "app").Problems).Message;
    }

    [Fact]
    public void A_stream_not_in_the_repository_is_a_problem_naming_it()
    {
        Assert.Equal("tag \"pinned\": ImageStreamImage \"gone@sha256:ab\": imagestream \"gone\" not found in the repository", ProblemOf("gone@sha256:ab", Item("x", D1)));
    }

    [Fact]
    public void A_name_without_an_id_is_a_problem()
    {
        Assert.Equal("tag \"pinned\": ImageStreamImage \"base@\" names no image id", ProblemOf("base@", Item("x", D1)));
    }

    [Fact]
    public void An_id_that_matches_several_images_lists_them_in_tag_order()
    {
        var first = Item($"quay.io/org/base@{D1}", D1);
        var second = Item($"quay.io/org/base@{D2}", D2);
        var source = Stream("base", [], Status(Entry("b", second), Entry("a", first)), file: "base.yaml");
        var app = Stream("app", [StreamImage("pinned", "base@sha256:")], file: "app.yaml");

        var problem = Assert.Single(Assert.Single(PlanOf([app, source]).Streams, s => s.Stream.Name == "app").Problems).Message;

        Assert.Equal($"tag \"pinned\": ImageStreamImage \"base@sha256:\": \"sha256:\" is ambiguous in imagestream \"base\": {D1}, {D2}", problem);
    }

    [Fact]
    public void An_item_without_an_image_matches_no_id()
    {
        var empty = Item("quay.io/org/base:old", D1) with { Image = "" };
        var real = Item($"quay.io/org/base@{D2}", D2);
        var source = Stream("base", [], Status(Entry("a", empty), Entry("b", real)), file: "base.yaml");
        var app = Stream("app", [StreamImage("pinned", $"base@{D2.ToString()[..15]}")], file: "app.yaml");

        var plan = Assert.Single(PlanOf([app, source]).Streams, s => s.Stream.Name == "app");

        Assert.Empty(plan.Problems);
        Assert.Equal(D2.ToString(), plan.TagStatus("pinned").Items[0].Image);
    }

    [Fact]
    public void An_id_may_leave_out_the_algorithm()
    {
        var real = Item($"quay.io/org/base@{D2}", D2);
        var source = Stream("base", [], Status(Entry("a", real)), file: "base.yaml");
        var app = Stream("app", [StreamImage("pinned", $"base@{D2.ToString()["sha256:".Length..][..12]}")], file: "app.yaml");

        var plan = Assert.Single(PlanOf([app, source]).Streams, s => s.Stream.Name == "app");

        Assert.Equal(D2.ToString(), plan.TagStatus("pinned").Items[0].Image);
    }
}
