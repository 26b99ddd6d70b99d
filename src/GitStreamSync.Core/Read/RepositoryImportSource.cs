using GitStreamSync.Core.Images;

namespace GitStreamSync.Core.Read;

/// <summary>
/// <c>spec.dockerImageRepository</c>: OpenShift lists that repository's tags and imports the first of
/// them by its tag priority (semantics 2.11). <see cref="Insecure"/> is the stream's
/// <c>openshift.io/image.insecureRepository: "true"</c> annotation, which OpenShift applies to this
/// import; <see cref="Limit"/> is the stream's <c>gitstreamsync.io/import-limit</c>, or null for the
/// settings file's <c>maxImagesBulkImportedPerRepository</c>.
/// </summary>
public sealed record RepositoryImportSource(ImageReference Repository, bool Insecure, int? Limit, SourceLocation Location)
{
    public const string InsecureAnnotation = "openshift.io/image.insecureRepository";
    public const string LimitAnnotation = "gitstreamsync.io/import-limit";

    /// <summary><c>repository:tag</c> as OpenShift writes the <c>from</c> of the spec tag it creates for an imported tag.</summary>
    public ImageReference TagReference(string tag) => ImageReference.Parse($"{Repository.Name}:{tag}");
}
