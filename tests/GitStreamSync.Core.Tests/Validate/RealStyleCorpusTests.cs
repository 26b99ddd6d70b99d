using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
using GitStreamSync.Core.Tests.Edit;
using GitStreamSync.Core.Validate;
using System.Runtime.CompilerServices;
using Xunit.Abstractions;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Validate;

/// <summary>
/// Corpus/ holds ImageStream files shaped like the public ones teams start from: openshift/library
/// (official and community JSON, 2 and 4 spaces, tabs, CR LF, a hand-edited indentation), the
/// cluster samples operator's assets (namespace openshift, samples annotations, importMode),
/// sclorg's ImageStreamList files, origin's old <c>v1</c> List with <c>spec.dockerImageRepository</c>,
/// streams exported with <c>oc get</c> (status in both orders), and GitOps YAML (multi-document,
/// List, flow style, comments, BOM, pins, uppercase tags and same-stream aliases to them). What
/// OpenShift accepts, <c>validate</c> accepts (semantics doc sections 2.4, 2.12, 3), and a run
/// touches nothing outside <c>status</c> (architecture: the tool writes status only).
/// </summary>
public sealed class RealStyleCorpusTests(ITestOutputHelper output)
{
    private static readonly string Root = FindRoot();

    private static List<SourceFile> Files() => Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
        .Select(path => new SourceFile(Path.GetRelativePath(Root, path).Replace('\\', '/'), GoldenFile.Read(path)))
        .OrderBy(file => file.Path, StringComparer.Ordinal)
        .ToList();

    [Fact]
    public void The_corpus_has_at_least_thirty_files_from_every_kind_of_source()
    {
        var files = Files();

        Assert.True(files.Count >= 30, $"{files.Count} files");
        foreach (var origin in new[] { "openshift-library/", "cluster-samples-operator/", "sclorg/", "openshift-origin/", "gitops/" })
        {
            Assert.Contains(files, file => file.Path.StartsWith(origin, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Validate_reports_no_problem_on_any_file_and_reads_a_stream_from_each()
    {
        var files = Files();
        var read = ImageStreamReader.ReadRepository(files);

        var report = RepositoryValidator.Validate(read.Streams, read.Problems, read.FileCount);

        Assert.True(report.IsClean, string.Join("\n", report.Problems));
        Assert.Equal(files.Count, read.FileCount);
        Assert.All(files, file => Assert.Contains(read.Streams, stream => stream.FilePath == file.Path));
        Assert.Contains(read.Streams, stream => stream.SpecTags.Any(tag => tag.From?.Kind == TagSourceKind.ImageStreamTag && tag.From.Name.Any(char.IsUpper)));

        // openshift/library keeps a CentOS and a RHEL "ruby" side by side; sclorg's ruby and python are more copies.
        Assert.Equal(
            ["openshift-library/official/ruby/imagestreams/ruby-rhel.json", "sclorg/s2i-python-container/imagestreams/python-centos.json", "sclorg/s2i-ruby-container/imagestreams/ruby-rhel.json"],
            report.Warnings.Select(warning => warning.FilePath));
        Assert.All(report.Warnings, warning => Assert.Matches("^ImageStream \"(ruby|python)\" is also defined at ", warning.Message));
    }

    [Fact]
    public void A_run_changes_nothing_outside_status_on_any_file()
    {
        var files = Files();
        var streams = ImageStreamReader.ReadRepository(files).Streams;
        var selection = DueTagSelector.Select(streams, PlanSettings.Default);
        var resolutions = selection.Requests.ToDictionary(
            request => request,
            request => (ResolutionOutcome)Ok(DigestOf(request.Reference.ToString())));

        var plan = SyncPlanner.Plan(new PlanInput { Streams = streams, Resolutions = resolutions, Now = Now });
        var edits = StatusEdits.Apply(files, plan);

        Assert.Empty(plan.Problems);
        Assert.Empty(edits.Problems);
        Assert.NotEmpty(edits.Files);
        foreach (var (edited, original) in edits.Files.Zip(edits.Originals))
        {
            var before = ImageStreamReader.ReadFile(original).Streams;
            var after = ImageStreamReader.ReadFile(edited).Streams;
            Assert.Equal(before.Count, after.Count);
            Assert.Contains(StatusEditorGoldenTests.Skeleton(original.Text, before), new[]
            {
                StatusEditorGoldenTests.Skeleton(edited.Text, after, before, ownLine: false),
                StatusEditorGoldenTests.Skeleton(edited.Text, after, before, ownLine: true),
            });
            if (edited.Path.EndsWith(".json", StringComparison.Ordinal))
            {
                using var json = System.Text.Json.JsonDocument.Parse(edited.Text.TrimStart('\uFEFF'));
            }
        }

        output.WriteLine($"{edits.Files.Count} of {files.Count} corpus files changed, each only inside status");
    }

    private static string FindRoot([CallerFilePath] string sourceFile = "") =>
        Path.Combine(Path.GetDirectoryName(sourceFile)!, "..", "Corpus");
}
