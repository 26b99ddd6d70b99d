using GitStreamSync.Adapters.Registry;
using GitStreamSync.Adapters.Registry.Transport;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;

namespace GitStreamSync.Fuzz.Harnesses;

/// <summary>
/// An index or manifest list a registry (or a proxy in front of it) answered: it parses, or it is
/// refused as a named failure of the tag (a <see cref="RegistryRequestException"/>), never anything
/// else; every entry parsed has a sha256 digest, and choosing a platform picks one of them.
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
        IReadOnlyList<IndexEntry> entries;
        try
        {
            entries = ManifestIndex.Parse(bytes);
        }
        catch (RegistryRequestException)
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
