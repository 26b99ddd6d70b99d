using System.Diagnostics.CodeAnalysis;
using GitStreamSync.Fuzz.Harnesses;

namespace GitStreamSync.Fuzz;

/// <summary>
/// The harnesses by name. A harness takes the bytes of one input and throws only when the code under
/// test breaks a promise: an exception its callers do not expect, or a violated invariant.
/// </summary>
public static class Harness
{
    private static readonly Dictionary<string, Action<byte[]>> All = new(StringComparer.Ordinal)
    {
        ["imagestream-yaml"] = bytes => ImageStreamHarness.Run(bytes, "stream.yaml"),
        ["imagestream-json"] = bytes => ImageStreamHarness.Run(bytes, "stream.json"),
        ["image-reference"] = ImageReferenceHarness.Run,
        ["manifest"] = ManifestHarness.Run,
        ["www-authenticate"] = AuthChallengeHarness.Run,
        ["docker-config"] = DockerConfigHarness.Run,
        ["settings"] = SettingsHarness.Run,
        ["schedule"] = ScheduleHarness.Run,
        ["commit-trailers"] = CommitTrailerHarness.Run,
        ["pull-request-marker"] = PullRequestMarkerHarness.Run,
    };

    public static IEnumerable<string> Names => All.Keys;

    public static bool TryGet(string name, [NotNullWhen(true)] out Action<byte[]>? harness) => All.TryGetValue(name, out harness);

    public static void Run(string name, byte[] input) => All[name](input);
}

/// <summary>An invariant a parser or the editor promises did not hold for an input.</summary>
public sealed class InvariantViolationException(string message) : Exception(message);

internal static class Invariant
{
    public static void That([DoesNotReturnIf(false)] bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantViolationException(message);
        }
    }
}
