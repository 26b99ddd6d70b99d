using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Select;
using GitStreamSync.Core.Validate;
using static GitStreamSync.Core.Tests.Plan.PlanningFixture;

namespace GitStreamSync.Core.Tests.Read;

/// <summary>
/// Old and odd files that OpenShift reads, or refuses: each is read, or named as a problem or a
/// warning with file, line and column where OpenShift would refuse it, never skipped in silence and
/// never a crash (semantics doc section 1 for the kinds and versions, 2.12 for names).
/// </summary>
public sealed class OldAndOddFileTests
{
    private const string Tags = "spec:\n  tags:\n  - name: \"4.18\"\n    from:\n      kind: DockerImage\n      name: quay.io/openshift/origin-cli:4.18\n";

    private static ValidationReport Validate(params SourceFile[] files)
    {
        var read = ImageStreamReader.ReadRepository(files);
        return RepositoryValidator.Validate(read.Streams, read.Problems, read.FileCount);
    }

    /// <summary>A release payload's manifests/image-references: an ImageStream with tags and no name, read by oc adm release new.</summary>
    [Fact]
    public void A_release_image_references_file_is_read_and_named_in_a_warning()
    {
        var file = new SourceFile("manifests/image-references", "kind: ImageStream\napiVersion: image.openshift.io/v1\n" + Tags);

        var read = ImageStreamReader.ReadRepository([file]);
        var report = RepositoryValidator.Validate(read.Streams, read.Problems, read.FileCount);

        Assert.True(ImageStreamReader.IsCandidate("manifests/image-references"));
        Assert.Equal(1, read.FileCount);
        Assert.Empty(read.Streams);
        Assert.True(report.IsClean);
        var warning = Assert.Single(report.Warnings);
        Assert.Equal("manifests/image-references:1:1: warning: ImageStream has no metadata.name, so OpenShift would refuse it; as a release payload's image-references file (read by 'oc adm release new', not applied) it is left as it is and its tags are not resolved", warning.ToString());
    }

    [Fact]
    public void A_stream_without_a_name_elsewhere_stays_a_problem()
    {
        var report = Validate(new SourceFile("streams/cli.yaml", "kind: ImageStream\napiVersion: image.openshift.io/v1\nmetadata: {}\n" + Tags));

        Assert.Equal("streams/cli.yaml:3:1: ImageStream has no metadata.name", Assert.Single(report.Problems).ToString());
    }

    public static TheoryData<string, string, string> Refused() => new()
    {
        { "old.yaml", "apiVersion: v1beta3\nkind: ImageStream\nmetadata:\n  name: cli\n" + Tags, "old.yaml:1:13: ImageStream apiVersion \"v1beta3\" is not served by OpenShift" },
        { "none.yaml", "kind: ImageStream\nmetadata:\n  name: cli\n" + Tags, "none.yaml:1:7: ImageStream has no apiVersion: OpenShift refuses it" },
        { "case.yaml", "apiVersion: v1\nkind: Imagestream\nmetadata:\n  name: cli\n" + Tags, "case.yaml:2:7: kind \"Imagestream\" is not read: kinds are case-sensitive" },
        { "list.yaml", "apiVersion: v2\nkind: List\nitems:\n- apiVersion: v1\n  kind: ImageStream\n  metadata:\n    name: cli\n", "list.yaml:1:13: List apiVersion \"v2\" is not served by OpenShift" },
        { "item.yaml", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: image.openshift.io/v1beta1\n  kind: ImageStream\n  metadata:\n    name: cli\n", "item.yaml:4:15: ImageStream apiVersion \"image.openshift.io/v1beta1\" is not served by OpenShift" },
        { "bare.json", "[\n  {\"apiVersion\": \"v1\", \"kind\": \"ImageStream\", \"metadata\": {\"name\": \"cli\"}}\n]\n", "bare.json:1:1: ImageStreams in a bare list are not read" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void What_OpenShift_refuses_is_a_problem_at_its_place(string path, string text, string expected)
    {
        var report = Validate(new SourceFile(path, text));

        Assert.StartsWith(expected, Assert.Single(report.Problems).ToString(), StringComparison.Ordinal);
    }

    /// <summary>Origin's examples: an <c>apiVersion: v1</c> List of <c>v1</c> ImageStreams, one with only the old <c>spec.dockerImageRepository</c>.</summary>
    [Fact]
    public void An_old_v1_list_of_v1_streams_is_read()
    {
        var text = "{\"kind\": \"List\", \"apiVersion\": \"v1\", \"items\": [\n"
            + "{\"kind\": \"ImageStream\", \"apiVersion\": \"v1\", \"metadata\": {\"name\": \"ruby\"}, \"spec\": {\"tags\": [{\"name\": \"2.5\", \"from\": {\"kind\": \"DockerImage\", \"name\": \"centos/ruby-25-centos7:latest\"}}]}},\n"
            + "{\"kind\": \"ImageStream\", \"apiVersion\": \"v1\", \"metadata\": {\"name\": \"jenkins\"}, \"spec\": {\"dockerImageRepository\": \"openshift/jenkins-2-centos7\"}}\n]}\n";

        var read = ImageStreamReader.ReadFile(new SourceFile("image-streams-centos7.json", text));

        Assert.Empty(read.Problems);
        Assert.Equal(["ruby", "jenkins"], read.Streams.Select(stream => stream.Name));
    }

    public static TheoryData<string> Odd() =>
    [
        "apiVersion: v1\nkind: ImageStream\nmetadata: []\n",
        "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: s\nspec: x\n",
        "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: s\nspec:\n  tags: {a: b}\n",
        "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: s\nspec:\n  tags:\n  - null\n  - name: a\n    from: ubuntu\n",
        "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: s\nstatus: [1]\n",
        "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: s\nstatus:\n  tags: x\n",
        "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: s\nstatus:\n  tags:\n  - tag: a\n    items: [x, {created: yesterday}]\n",
        "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: s\n  generation: 99999999999999999999\nspec:\n  tags:\n  - name: a\n    generation: abc\n    importPolicy: null\n    from: {kind: DockerImage, name: \"quay.io/a/b:1\"}\n",
        "apiVersion: v1\nkind: List\nitems: 5\n",
        "apiVersion: v1\nkind: List\nitems:\n- 5\n- [kind, ImageStream]\n",
        "apiVersion: v1\nkind: [ImageStream]\n",
        "---\n---\n",
        "apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: &n s\n  namespace: *n\nspec:\n  tags:\n  - name: a\n    from: {kind: DockerImage, name: \"quay.io/a/b:1\"}\n",
        "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: s\nspec:\n  tags:\n  - name: a\n    from: {kind: ImageStreamTag, name: \"s:a\"}\n",
    ];

    [Theory]
    [MemberData(nameof(Odd))]
    public void Odd_documents_never_crash_validate_plan_or_edit(string text)
    {
        var files = new[] { new SourceFile("odd.yaml", text) };
        var read = ImageStreamReader.ReadRepository(files);
        RepositoryValidator.Validate(read.Streams, read.Problems, read.FileCount);
        var selection = DueTagSelector.Select(read.Streams, PlanSettings.Default);
        var resolutions = selection.Requests.ToDictionary(request => request, request => (ResolutionOutcome)Ok(D1));

        var plan = SyncPlanner.Plan(new PlanInput { Streams = read.Streams, Resolutions = resolutions, Now = Now });
        var edits = StatusEdits.Apply(files, plan);

        Assert.Equal(read.Streams.Count, plan.Streams.Count);
        Assert.True(read.Streams.Count > 0 || read.Problems.Count > 0 || !text.Contains("name: s", StringComparison.Ordinal), "a stream that is not read must be named in a problem");
        Assert.All(edits.Files, file => Assert.DoesNotContain(ImageStreamReader.ReadFile(file).Problems, problem => !problem.IsWarning));
    }
}
