using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Core.Select;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Select;

/// <summary>
/// spec.dockerImageRepository (semantics 2.11): which listed tags are imported, in which order,
/// which win against spec tags, and what one stream's failed listing changes (nothing else).
/// </summary>
public sealed class RepositoryImportTests
{
    private const string Repository = "quay.io/team/app";

    /// <summary>semantics 2.11: latest, minor versions newest first, full versions newest first, the rest by bytes.</summary>
    [Fact]
    public void Tags_are_ordered_as_OpenShifts_PrioritizeTags_orders_them()
    {
        string[] listed = ["zeta", "1.2.3", "v5.1-rc1", "5.1", "latest", "v1.2.4", "1.10", "1.9", "2.0.0-rc.1", "2.0.0", "2.0.0-rc.2", "alpha", "01.2", "Beta", "1.2.3+build", "v1.2.3"];

        var ordered = TagPriority.Order(listed);

        Assert.Equal(
            ["latest", "5.1", "v5.1-rc1", "1.10", "1.9", "2.0.0", "2.0.0-rc.2", "2.0.0-rc.1", "v1.2.4", "1.2.3", "1.2.3+build", "v1.2.3", "01.2", "Beta", "alpha", "zeta"],
            ordered);
    }

    /// <summary>semantics 2.11: the first maxImagesBulkImportedPerRepository tags by priority; a spec tag of the same name keeps its own spec and its slot.</summary>
    [Fact]
    public void The_first_tags_by_priority_up_to_the_limit_are_imported_and_spec_tags_win()
    {
        var stream = Imports(Repository, [Docker("latest", "quay.io/team/app:stable")]);
        var listing = TagListing.Listed(["a", "1.0", "", "2.0", "b", "1.0.1", "c"]);

        var result = Expand([stream], new PlanSettings { MaxImagesBulkImportedPerRepository = 3 }, listing);

        var expanded = Assert.Single(result.Streams);
        Assert.Equal(["latest", "2.0", "1.0"], expanded.SpecTags.Select(t => t.Name));
        Assert.Equal("quay.io/team/app:stable", expanded.SpecTags[0].From!.Name);
        Assert.False(expanded.SpecTags[0].Imported);
        Assert.All(expanded.SpecTags.Skip(1), t => Assert.True(t.Imported));
        Assert.Equal("quay.io/team/app:2.0", expanded.SpecTags[1].From!.Name);
        var decision = Assert.Single(result.Decisions);
        Assert.Equal(["2.0", "1.0"], decision.Imported);
        Assert.Equal(["latest"], decision.SpecTagsWin);
        Assert.Equal(4, decision.AdditionalTags);
        Assert.Empty(result.Failures);
    }

    /// <summary>semantics 2.11: -1 imports every tag; a stream's gitstreamsync.io/import-limit wins over the settings; 0 lists nothing.</summary>
    [Theory]
    [InlineData(null, 2, 2)]
    [InlineData(-1, 2, 5)]
    [InlineData(4, 2, 4)]
    [InlineData(0, 50, 0)]
    public void The_stream_limit_wins_over_the_settings_limit(int? streamLimit, int settingsLimit, int imported)
    {
        var stream = Imports(Repository, [], streamLimit);
        var settings = new PlanSettings { MaxImagesBulkImportedPerRepository = settingsLimit };

        var requests = RepositoryImport.Requests([stream], settings, null);
        var result = Expand([stream], settings, TagListing.Listed(["a", "b", "c", "d", "e"]));

        Assert.Equal(imported == 0 ? 0 : 1, requests.Count);
        Assert.Equal(imported, result.Streams[0].SpecTags.Count);
    }

    /// <summary>semantics 2.11: names outside the tag grammar from a registry are not imported, and said once.</summary>
    [Fact]
    public void Listed_names_that_are_not_tags_are_left_out_with_a_warning()
    {
        var stream = Imports(Repository, []);

        var result = Expand([stream], PlanSettings.Default, TagListing.Listed(["ok", "../etc", "-x", new string('a', 129), "ok"]));

        Assert.Equal(["ok"], result.Streams[0].SpecTags.Select(t => t.Name));
        var warning = Assert.Single(result.Problems);
        Assert.True(warning.IsWarning);
        Assert.Contains("3 tag name(s)", warning.Message, StringComparison.Ordinal);
    }

    /// <summary>semantics 2.11: a listing that fails is a value for its stream; other streams import, the failed one keeps its status.</summary>
    [Fact]
    public void A_failed_listing_changes_only_its_own_stream()
    {
        var failing = Imports("quay.io/team/gone", [Docker("pinned", "quay.io/team/gone:1")], file: "streams/gone.yaml");
        var working = Imports(Repository, []);
        var listings = new Dictionary<TagListRequest, TagListing>
        {
            [RepositoryImport.RequestOf(failing.RepositoryImport!)] = TagListing.Failed(new ResolutionFailed(ResolutionFailureKind.NotFound, "quay.io/team/gone: repository not found")),
            [RepositoryImport.RequestOf(working.RepositoryImport!)] = TagListing.Listed(["1.0"]),
        };

        var result = RepositoryImport.Expand([failing, working], PlanSettings.Default, null, listings);

        Assert.Same(failing, result.Streams[0]);
        Assert.Equal(["1.0"], result.Streams[1].SpecTags.Select(t => t.Name));
        var failure = Assert.Single(result.Failures);
        Assert.Equal("quay.io/team/gone", failure.Repository);
        var problem = Assert.Single(result.Problems);
        Assert.Equal(failing.RepositoryImport!.Location, problem.Location);
    }

    /// <summary>semantics 2.11: a stream that is not due is neither listed nor expanded.</summary>
    [Fact]
    public void A_stream_that_is_not_due_is_not_listed()
    {
        var stream = Imports(Repository, []);

        Assert.Empty(RepositoryImport.Requests([stream], PlanSettings.Default, new HashSet<string>()));
        Assert.Same(stream, RepositoryImport.Expand([stream], PlanSettings.Default, new HashSet<string>(), new Dictionary<TagListRequest, TagListing>()).Streams[0]);
    }

    /// <summary>
    /// semantics 2.11 and 2.3: each imported tag gets one status tag as OpenShift's importer writes it
    /// (created, the pull spec by digest, the image, the stream's next generation), the spec tag's own
    /// import wins, a tag that fails gets an ImportSuccess=False condition; YAML keys alphabetical, JSON
    /// in Go struct order, as the other golden files.
    /// </summary>
    [Theory]
    [InlineData("input.yaml", "expected.yaml")]
    [InlineData("input.json", "expected.json")]
    public void The_written_status_matches_the_golden_file(string input, string expected)
    {
        var folder = Path.Combine(GoldenFile.Folder(), "repository-import");
        var file = new SourceFile("streams/" + input, GoldenFile.Read(Path.Combine(folder, input)));
        var read = ImageStreamReader.ReadFile(file);
        Assert.Empty(read.Problems);
        var settings = new PlanSettings { MaxImagesBulkImportedPerRepository = 4 };
        var listing = TagListing.Listed(["nightly", "1.0", "1.1", "latest", "2.0.0", "gone", "zzz"]);
        var expanded = RepositoryImport.Expand(read.Streams, settings, null, read.Streams.Where(s => s.RepositoryImport is not null)
            .ToDictionary(s => RepositoryImport.RequestOf(s.RepositoryImport!), _ => listing)).Streams;
        var plan = SyncPlanner.Plan(Input(expanded, Registry(
            ("quay.io/team/app:1.1", Ok(D1)),
            ("quay.io/team/app:1.0", Ok(D2)),
            ("quay.io/team/app:2.0.0", Fail(ResolutionFailureKind.NotFound)),
            ("quay.io/team/app:stable", Ok(D3))), settings));

        var edits = StatusEdits.Apply([file], plan);

        Assert.Empty(edits.Problems);
        GoldenFile.AssertMatches(Path.Combine(folder, expected), Assert.Single(edits.Files).Text);

        // The status reads back, nothing outside it moved, and the same answers again write nothing.
        var again = ImageStreamReader.ReadFile(edits.Files[0]);
        Assert.Empty(again.Problems);
        var expandedAgain = RepositoryImport.Expand(again.Streams, settings, null, again.Streams.Where(s => s.RepositoryImport is not null)
            .ToDictionary(s => RepositoryImport.RequestOf(s.RepositoryImport!), _ => listing)).Streams;
        var replan = SyncPlanner.Plan(Input(expandedAgain, Registry(
            ("quay.io/team/app:1.1", Ok(D1)),
            ("quay.io/team/app:1.0", Ok(D2)),
            ("quay.io/team/app:2.0.0", Fail(ResolutionFailureKind.NotFound)),
            ("quay.io/team/app:stable", Ok(D3))), settings));
        Assert.Empty(replan.ChangedStreams);
    }

    /// <summary>semantics 2.11 (APISERVER validation.go): a repository with a tag or an ID is refused, at its line and column.</summary>
    [Theory]
    [InlineData("quay.io/team/app:1.0", "may not contain a tag")]
    [InlineData("quay.io/team/app@sha256:0123456789012345678901234567890123456789012345678901234567890123", "may not contain an ID")]
    [InlineData("Quay.io/Team/App", "invalid")]
    public void A_repository_OpenShift_refuses_is_a_problem_at_its_place(string repository, string words)
    {
        var text = $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  dockerImageRepository: {repository}\n";

        var read = ImageStreamReader.ReadFile(new SourceFile("streams/app.yaml", text));

        var problem = Assert.Single(read.Problems);
        Assert.Equal((6, 26), (problem.Location.Line, problem.Location.Column));
        Assert.Contains(words, problem.Message, StringComparison.Ordinal);
    }

    /// <summary>The per-stream limit annotation is a whole number of at least -1, or a problem at its place.</summary>
    [Fact]
    public void A_bad_import_limit_annotation_is_a_problem_at_its_place()
    {
        const string text = "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\n  annotations:\n    gitstreamsync.io/import-limit: lots\nspec:\n  dockerImageRepository: quay.io/team/app\n";

        var read = ImageStreamReader.ReadFile(new SourceFile("streams/app.yaml", text));

        var problem = Assert.Single(read.Problems);
        Assert.Equal((6, 36), (problem.Location.Line, problem.Location.Column));
        Assert.Contains("gitstreamsync.io/import-limit", problem.Message, StringComparison.Ordinal);
    }

    /// <summary>semantics 2.11: a push to the imported repository makes its stream due, as a push to a spec tag's image does.</summary>
    [Fact]
    public void A_push_to_the_imported_repository_makes_the_stream_due()
    {
        var stream = Imports(Repository, []);
        var pushed = DueRule.Pushed(new HashSet<string>([DueRule.ImageKey("quay.io", "team/app")], StringComparer.Ordinal));
        var other = DueRule.Pushed(new HashSet<string>([DueRule.ImageKey("quay.io", "team/other")], StringComparer.Ordinal));

        Assert.Equal([stream.DisplayName], DueStreamSelector.Select([stream], pushed, ScheduleDefaults.Utc).Due!);
        Assert.Empty(DueStreamSelector.Select([stream], other, ScheduleDefaults.Utc).Due!);
    }

    private static ImageStreamDocument Imports(string repository, IReadOnlyList<SpecTag> tags, int? limit = null, string file = "streams/app.yaml") =>
        Stream("app", tags, file: file) with { RepositoryImport = new RepositoryImportSource(ImageReference.Parse(repository), Insecure: false, limit, new SourceLocation(6, 26)) };

    private static RepositoryImportResult Expand(IReadOnlyList<ImageStreamDocument> streams, PlanSettings settings, TagListing listing) =>
        RepositoryImport.Expand(streams, settings, null, streams.Where(s => s.RepositoryImport is not null).ToDictionary(s => RepositoryImport.RequestOf(s.RepositoryImport!), _ => listing));
}
