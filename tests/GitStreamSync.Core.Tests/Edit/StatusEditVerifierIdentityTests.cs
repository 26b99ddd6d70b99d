using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Tests.Edit;

/// <summary>
/// The verifier's last comparison: what the reader keeps of a stream before and after an edit,
/// positions and status aside. Every field the reader keeps outside status counts; where in the
/// text a stream or tag stands, and its status, do not.
/// </summary>
public sealed class StatusEditVerifierIdentityTests
{
    private static readonly ImageStreamDocument Stream = ImageStreamReader.Parse(new SourceFile("s.yaml",
        "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: a\n  namespace: ns\n  generation: 3\n"
        + "  annotations:\n    owner: team-a\nspec:\n  tags:\n  - name: t\n    annotations:\n      note: kept\n"
        + "    from:\n      kind: DockerImage\n      name: quay.io/org/a:1\n    importPolicy:\n      scheduled: true\n"
        + "    referencePolicy:\n      type: Local\n  - name: u\n    from:\n      kind: ImageStreamTag\n      name: a:t\n"))
        .Streams.Single().Document;

    private static readonly SpecTag First = Stream.SpecTags[0];

    public static TheoryData<string, ImageStreamDocument> Changed() => new()
    {
        { "document index", Stream with { DocumentIndex = 1 } },
        { "item index", Stream with { ItemIndex = 0 } },
        { "name", Stream with { Name = "b" } },
        { "namespace", Stream with { Namespace = null } },
        { "generation", Stream with { Generation = 4 } },
        { "format", Stream with { Format = DocumentFormat.Json } },
        { "annotation value", Stream with { Annotations = new Dictionary<string, string> { ["owner"] = "team-b" } } },
        { "annotation key", Stream with { Annotations = new Dictionary<string, string> { ["Owner"] = "team-a" } } },
        { "an annotation more", Stream with { Annotations = new Dictionary<string, string> { ["owner"] = "team-a", ["x"] = "" } } },
        { "a spec tag less", Stream with { SpecTags = [First] } },
        { "spec tags in another order", Stream with { SpecTags = [Stream.SpecTags[1], First] } },
        { "tag name", WithFirst(First with { Name = "v" }) },
        { "tag source name", WithFirst(First with { From = First.From! with { Name = "quay.io/org/a:2" } }) },
        { "tag source namespace", WithFirst(First with { From = First.From! with { Namespace = "other" } }) },
        { "tag source kind", WithFirst(First with { From = First.From! with { Kind = TagSourceKind.ImageStreamTag } }) },
        { "tag reference", WithFirst(First with { Reference = true }) },
        { "tag generation", WithFirst(First with { Generation = 9 }) },
        { "tag scheduled", WithFirst(First with { ImportPolicy = First.ImportPolicy with { Scheduled = false } }) },
        { "tag insecure", WithFirst(First with { ImportPolicy = First.ImportPolicy with { Insecure = true } }) },
        { "tag import mode", WithFirst(First with { ImportPolicy = First.ImportPolicy with { ImportMode = ImportMode.PreserveOriginal } }) },
        { "tag reference policy", WithFirst(First with { ReferencePolicyType = "Source" }) },
        { "tag annotation", WithFirst(First with { Annotations = new Dictionary<string, string> { ["note"] = "changed" } }) },
        { "tag imported", WithFirst(First with { Imported = true }) },
    };

    [Theory]
    [MemberData(nameof(Changed))]
    public void A_stream_changed_in_any_field_outside_status_is_not_the_same(string field, ImageStreamDocument changed)
    {
        Assert.True(StatusEditVerifier.SameIdentity(Stream, Stream with { }), field);
        Assert.False(StatusEditVerifier.SameIdentity(Stream, changed), field);
        Assert.False(StatusEditVerifier.SameIdentity(changed, Stream), field);
    }

    [Fact]
    public void Places_in_the_text_and_the_status_are_left_out()
    {
        var moved = Stream with
        {
            Location = new SourceLocation(9, 9),
            Span = new TextSpan(5, 500),
            Status = new ImageStreamStatus(),
            StatusSpan = new TextSpan(400, 500),
            Annotations = new Dictionary<string, string>(Stream.Annotations),
            SpecTags = [.. Stream.SpecTags.Select(tag => tag with { Location = new SourceLocation(20, 3), Annotations = new Dictionary<string, string>(tag.Annotations) })],
        };

        Assert.True(StatusEditVerifier.SameIdentity(Stream, moved));
    }

    private static ImageStreamDocument WithFirst(SpecTag tag) => Stream with { SpecTags = [tag, Stream.SpecTags[1]] };
}
