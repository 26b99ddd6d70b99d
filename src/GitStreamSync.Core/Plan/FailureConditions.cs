using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Plan;

/// <summary>
/// Kubernetes-style reasons and messages for permanent failures, in the shapes OpenShift's importer
/// writes (semantics 2.3 table). Messages are built from the reference, not from the registry's
/// answer, where OpenShift does so: an identical repeat must compare equal to write nothing.
/// </summary>
internal static class FailureConditions
{
    public static TagEventCondition Build(ResolutionFailed failure, ImageReference? reference, DateTimeOffset now, long generation)
    {
        var (reason, message) = Describe(failure, reference);
        return new TagEventCondition(TagHistory.ImportSuccess, "False", now, reason, message, generation);
    }

    public static (string Reason, string Message) Describe(ResolutionFailed failure, ImageReference? reference)
    {
        var normalized = reference?.ToContact().Normalized;
        return failure.Kind switch
        {
            ResolutionFailureKind.NotFound when normalized is not null =>
                ("NotFound", $"dockerimage.image.openshift.io \"{normalized}\" not found"),
            ResolutionFailureKind.Unauthorized when normalized is not null =>
                ("Unauthorized", $"you may not have access to the container image \"{normalized}\""),
            ResolutionFailureKind.InvalidReference => ("Invalid", failure.Message),
            _ when normalized is not null => ("InternalError", $"Internal error occurred: {normalized}: {failure.Message}"),
            _ => ("InternalError", $"Internal error occurred: {failure.Message}"),
        };
    }
}
