using GitStreamSync.Adapters.Registry;
using GitStreamSync.Adapters.Registry.Transport;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;

namespace GitStreamSync.Fuzz.Harnesses;

/// <summary>
/// A manifest or index a registry (or a proxy in front of it) answered: read as what it claims, it
/// is a document or a named problem of the tag, never an exception; every index entry read has a
/// sha256 digest, and choosing a platform picks one of them.
/// </summary>
internal static class ManifestHarness
{
    private static readonly PlatformPreference[] Preferences =
    [
        new(null, null, Platform.LinuxAmd64),
        new("linux", "arm64", Platform.LinuxAmd64),
        new("windows", null, new Platform("linux", "arm", "v7")),
    ];

    public static void Run(byte[] bytes)
    {
        // A manifest answer is read for what it claims; it never throws, whatever the bytes.
        var manifest = ManifestReading.Read(bytes, ManifestMediaTypes.OciManifest);
        Invariant.That((manifest.Document is null) != (manifest.Problem is null), "a manifest reading is neither a document nor a problem");
        var reading = ManifestReading.Read(bytes, ManifestMediaTypes.OciIndex);
        Invariant.That((reading.Document is null) != (reading.Problem is null), "an index reading is neither a document nor a problem");
        if (reading.Document?.Entries is not { } entries)
        {
            return;
        }

        Invariant.That(entries.All(e => e.Digest.IsSha256), "an index entry without a sha256 digest was accepted");
        foreach (var preference in Preferences)
        {
            foreach (var byTag in new[] { true, false })
            {
                var chosen = ManifestIndex.Choose(entries, preference, byTag);
                Invariant.That(chosen is null || entries.Contains(chosen), "the chosen platform is not an entry of the index");
            }
        }
    }
}
