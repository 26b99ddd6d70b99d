using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Run;
using GitStreamSync.Cli.Output;

namespace GitStreamSync.Cli.Tests.Output;

public sealed class SyncAnnotationsTests
{
    [Fact]
    public void Problems_and_failed_tags_are_errors_and_deferred_tags_warnings_on_their_lines()
    {
        var report = new SyncReport
        {
            Outcome = SyncOutcome.NothingToChange,
            Location = "https://git.example/acme/images.git",
            BaseBranch = "main",
            BaseCommit = new string('a', 40),
            Branch = "gitstreamsync/main",
            Problems = [new Problem("streams/bad.yaml", new SourceLocation(4, 9), "metadata.name 'a:b' is not a valid ImageStream name")],
            Failures = [new TagFailure("streams/app.yaml#app", "1.0", "NotFound", "quay.io/acme/app:1.0: manifest unknown")],
            Deferred = [new DeferredTag("streams/app.yaml#app", "edge", "quay.io/acme/app:edge", new ResolutionFailed(ResolutionFailureKind.Timeout, "quay.io/acme/app:edge: timed out after 30s,\nretried"))],
            TagLocations = new Dictionary<(string StreamKey, string Tag), SourceLocation>
            {
                [("streams/app.yaml#app", "1.0")] = new(12, 5),
                [("streams/app.yaml#app", "edge")] = new(17, 5),
            },
        };

        Assert.Equal(
            [
                "::error file=streams/bad.yaml,line=4,col=9::metadata.name 'a:b' is not a valid ImageStream name",
                "::error file=streams/app.yaml,line=12,col=5::app:1.0: NotFound: quay.io/acme/app:1.0: manifest unknown",
                "::warning file=streams/app.yaml,line=17,col=5::app:edge: deferred to a later run: quay.io/acme/app:edge: timed out after 30s,%0Aretried",
            ],
            SyncAnnotations.Of(report));
    }
}
