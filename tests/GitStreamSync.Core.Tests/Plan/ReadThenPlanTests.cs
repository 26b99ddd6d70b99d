using GitStreamSync.Core.Tests.Propose;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Read;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Plan;

/// <summary>The planner over documents as the reader produces them from text, not only documents built in code.</summary>
public sealed class ReadThenPlanTests
{
    private static readonly string Xenial = $$"""
        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: myubuntu
          generation: 2
        spec:
          lookupPolicy:
            local: false
          tags:
          - name: "16.04"
            from:
              kind: DockerImage
              name: ubuntu:16.04
          - name: xenial
            from:
              kind: ImageStreamTag
              name: "16.04"
          - name: pinned
            from:
              kind: DockerImage
              name: ubuntu:14.04
            importPolicy:
              scheduled: false
        status:
          dockerImageRepository: ""
          tags:
          - tag: "16.04"
            items:
            - created: "2026-11-01T08:00:00Z"
              dockerImageReference: ubuntu@{{D1}}
              generation: 2
              image: {{D1}}
          - tag: pinned
            items:
            - created: "2026-11-01T08:00:00Z"
              dockerImageReference: ubuntu@{{D3}}
              generation: 2
              image: {{D3}}
          - tag: xenial
            items:
            - created: "2026-11-01T08:00:00Z"
              dockerImageReference: ubuntu@{{D1}}
              generation: 2
              image: {{D1}}
        """;

    private static IReadOnlyList<ImageStreamDocument> Read()
    {
        var result = ImageStreamReader.ReadFile(new SourceFile("streams/ubuntu.yaml", Xenial));
        Assert.Empty(result.Problems);
        return result.Streams;
    }

    [Fact]
    public void Read_status_with_the_same_digest_plans_nothing()
    {
        var plan = PlanOf(Read(), Registry(("ubuntu:16.04", Ok(D1)), ("ubuntu:14.04", Ok(D2))));

        Assert.False(Assert.Single(plan.Streams).IsChanged);
    }

    [Fact]
    public void Read_status_with_a_new_digest_updates_the_tag_and_its_alias_only()
    {
        var plan = Assert.Single(PlanOf(Read(), Registry(("ubuntu:16.04", Ok(D2)), ("ubuntu:14.04", Ok(D2)))).Streams);

        Assert.Equal(["16.04", "xenial"], plan.Changes.Select(c => c.Tag));
        Assert.Equal(3, plan.TagStatus("xenial").Items[0].Generation);
        Assert.Equal(D3.ToString(), plan.TagStatus("pinned").Items[0].Image);
    }
}
