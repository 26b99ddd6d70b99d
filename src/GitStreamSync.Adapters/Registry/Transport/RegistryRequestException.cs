
using GitStreamSync.Core.Ports;
namespace GitStreamSync.Adapters.Registry.Transport;

/// <summary>
/// A classified failure inside the client. It never leaves <see cref="OciRegistryClient"/>: the
/// per-reference boundary turns it into a <see cref="ResolutionFailed"/> value naming the
/// reference. Messages name hosts and status codes, never credentials or tokens.
/// </summary>
internal sealed class RegistryRequestException(ResolutionFailureKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ResolutionFailureKind Kind { get; } = kind;
}
