using GitStreamSync.Cli.Reporting;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Publish;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Run;

namespace GitStreamSync.Cli.Tests.Reporting;

/// <summary>The JSON report written as it is made (plan and sync -o json) is the text the report renders to, character for character.</summary>
public sealed class SyncReportJsonWriteTests
{
    [Fact]
    public void A_large_report_with_text_outside_ASCII_is_written_exactly_as_rendered()
    {
        // Many thousands of changes, a diff of megabytes, and characters of two, three and four UTF-8
        // bytes everywhere, so that some fall across the serializer's buffer boundaries.
        var changes = Enumerable.Range(0, 5_000)
            .Select(i => new TagChange($"streams/ü{i}.yaml#app", $"streams/ü{i}.yaml", "app", $"t{i}-€𝄞", TagChangeKind.Updated,
                $"quay.io/ä/app:{i}", "sha256:" + new string('a', 64), $"quay.io/ä/app@sha256:{new string('b', 64)}", "sha256:" + new string('b', 64)))
            .ToList();
        var report = new SyncReport
        {
            Outcome = SyncOutcome.DryRun,
            Location = "/tmp/répertoire",
            BaseBranch = "main",
            BaseCommit = "0000000",
            Branch = "gitstreamsync/main",
            Changes = changes,
            Failures = [new TagFailure("a.yaml#app", "1.0", "NotFound", "manifest unknown: \"quoted\" <b> & 'single'")],
            Deferred = [new DeferredTag("a.yaml#app", "2.0", "quay.io/app:2.0", new ResolutionFailed(ResolutionFailureKind.Timeout, "timed out\tafter 30 s"))],
            Problems = [new Problem("a.yaml", new SourceLocation(3, 5), "not an ImageStream: 日本語")],
            ChangedFiles = [.. changes.Select(c => c.FilePath)],
            Diff = string.Concat(changes.Select(c => $"--- a/{c.FilePath}\n+++ b/{c.FilePath}\n@@ -1 +1,2 @@\n status:\n+  tag: {c.Tag}\r\n")),
        };
        using var written = new StringWriter { NewLine = "\n" };

        SyncReportJson.Write(report, written);

        Assert.Equal(SyncReportJson.Render(report), written.ToString());
        Assert.True(written.ToString().Length > 1_000_000);
    }
}
