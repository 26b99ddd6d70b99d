using GitStreamSync.Core.Tests.Propose;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
namespace GitStreamSync.Core.Tests.Plan;

public sealed class DeferredTagTests
{
    [Fact]
    public void A_message_that_names_the_reference_is_not_prefixed_again()
    {
        var deferred = new DeferredTag("a.yaml#web", "21", "eclipse-temurin:21-jre",
            new ResolutionFailed(ResolutionFailureKind.Unreachable, "eclipse-temurin:21-jre: registry-1.docker.io unreachable: host name not found"));

        Assert.Equal("eclipse-temurin:21-jre: registry-1.docker.io unreachable: host name not found", deferred.Explanation);
    }

    [Fact]
    public void A_message_without_the_reference_gets_it_in_front()
    {
        var deferred = new DeferredTag("a.yaml#web", "21", "eclipse-temurin:21-jre",
            new ResolutionFailed(ResolutionFailureKind.Deferred, "the run's deadline passed"));

        Assert.Equal("eclipse-temurin:21-jre: the run's deadline passed", deferred.Explanation);
    }
}
