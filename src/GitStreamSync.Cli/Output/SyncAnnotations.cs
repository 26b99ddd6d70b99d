using GitStreamSync.Core.Read;
using GitStreamSync.Core.Run;
namespace GitStreamSync.Cli.Output;

/// <summary>
/// A sync run's findings as GitHub Actions annotations, so they show on the file's line in the run
/// and in pull requests: file problems and failed tags as errors, tags deferred to a later run as
/// warnings. Paths are the repository's own, which is what the runner expects for a checkout.
/// </summary>
internal static class SyncAnnotations
{
    public static IEnumerable<string> Of(SyncReport report)
    {
        foreach (var problem in report.Problems)
        {
            yield return GitHubAnnotation.Error(problem, problem.FilePath);
        }

        foreach (var failure in report.Failures)
        {
            var (file, stream) = ImageStreamDocument.SplitDisplayName(failure.StreamKey);
            yield return GitHubAnnotation.Error(file, LocationOf(report, failure.StreamKey, failure.Tag), $"{stream}:{failure.Tag}: {failure.Reason}: {failure.Message}");
        }

        foreach (var deferred in report.Deferred)
        {
            var (file, stream) = ImageStreamDocument.SplitDisplayName(deferred.StreamKey);
            yield return GitHubAnnotation.Warning(file, LocationOf(report, deferred.StreamKey, deferred.Tag), $"{stream}:{deferred.Tag}: deferred to a later run: {deferred.Explanation}");
        }
    }

    // A tag the reader did not place (it always does for spec tags) is annotated on the file's first line.
    private static SourceLocation LocationOf(SyncReport report, string streamKey, string tag) =>
        report.TagLocations.TryGetValue((streamKey, tag), out var location) ? location : new SourceLocation(1, 1);
}
