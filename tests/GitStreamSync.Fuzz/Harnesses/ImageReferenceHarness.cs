using System.Text;
using GitStreamSync.Core.Images;

namespace GitStreamSync.Fuzz.Harnesses;

/// <summary>
/// An image reference as written in <c>from.name</c>, a workload or a status: a reference that
/// parses formats to text that parses to the same reference and formats the same again; one that
/// does not parse says why.
/// </summary>
internal static class ImageReferenceHarness
{
    public static void Run(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        if (!ImageReference.TryParse(text, out var reference, out var error))
        {
            Invariant.That(!string.IsNullOrWhiteSpace(error), $"'{text}' is refused without a reason");
            return;
        }

        var formatted = reference.ToString();
        Invariant.That(ImageReference.TryParse(formatted, out var again, out var againError), $"'{text}' formats as '{formatted}', which does not parse: {againError}");
        Invariant.That(again == reference, $"'{text}' formats as '{formatted}', which parses to another reference");
        Invariant.That(again.ToString() == formatted, $"'{formatted}' formats as '{again}'");
        Invariant.That(reference.Name.Length <= ImageReference.MaxNameLength, $"'{text}' parses to a name longer than {ImageReference.MaxNameLength}");
    }
}
