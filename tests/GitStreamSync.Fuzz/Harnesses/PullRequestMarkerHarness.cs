using System.Text;
using GitStreamSync.Core.Propose;

namespace GitStreamSync.Fuzz.Harnesses;

/// <summary>
/// A pull-request body as GitHub returns it (anyone with write access may have edited it): a marker
/// that parses formats to a marker that parses to the same facts, and rewriting it in the body
/// keeps every byte before it.
/// </summary>
internal static class PullRequestMarkerHarness
{
    public static void Run(byte[] bytes)
    {
        var body = Encoding.UTF8.GetString(bytes);
        if (!PullRequestMarker.TryParse(body, out var marker, out var error))
        {
            Invariant.That(error.Length > 0, "a body without a marker is refused without a reason");
            return;
        }

        var formatted = marker.Format();
        Invariant.That(PullRequestMarker.TryParse(formatted, out var again, out var againError), $"the marker formats to text that does not parse: {againError}");
        Invariant.That(again.Equals(marker), "the marker formats to text that parses to other facts");

        var replaced = PullRequestMarker.Replace(body, marker with { ClosedByTool = true });
        var start = body.IndexOf(PullRequestMarker.Opening, StringComparison.Ordinal);
        Invariant.That(replaced.AsSpan().StartsWith(body.AsSpan(0, start)), "rewriting the marker changed the body before it");
        Invariant.That(PullRequestMarker.TryParse(replaced, out var closed, out _) && closed.Equals(marker with { ClosedByTool = true }), "the rewritten marker does not read back");
    }
}
