using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;

namespace GitStreamSync.Adapters.Registry;

/// <summary>One entry of an OCI image index or Docker manifest list.</summary>
internal sealed record IndexEntry(Digest Digest, string MediaType, Platform? Platform);

/// <summary>The Legacy platform choice over the entries of an index or manifest list (read by <see cref="ManifestReading"/>).</summary>
internal static class ManifestIndex
{
    /// <summary>
    /// Legacy import (semantics doc 2.9): the tag's prefer-os/prefer-arch
    /// annotations (by tag only), then the configured platform (variant when given), then
    /// linux/amd64, then the first entry that names a real platform.
    /// </summary>
    public static IndexEntry? Choose(IReadOnlyList<IndexEntry> entries, PlatformPreference preference, bool byTag)
    {
        if (byTag && (preference.PreferOs is not null || preference.PreferArch is not null))
        {
            var os = preference.PreferOs?.ToLowerInvariant();
            var arch = preference.PreferArch?.ToLowerInvariant();
            var preferred = entries.FirstOrDefault(e => e.Platform is { } p && (os is null || p.Os == os) && (arch is null || p.Architecture == arch));
            if (preferred is not null)
            {
                return preferred;
            }
        }

        return First(entries, preference.Configured)
            ?? First(entries, Platform.LinuxAmd64)
            ?? entries.FirstOrDefault(e => e.Platform is { Os: not "unknown", Architecture: not "unknown" })
            ?? (entries.Count > 0 ? entries[0] : null);
    }

    private static IndexEntry? First(IReadOnlyList<IndexEntry> entries, Platform wanted) =>
        entries.FirstOrDefault(e => e.Platform is { } p && p.Os == wanted.Os && p.Architecture == wanted.Architecture
            && (wanted.Variant is null || p.Variant == wanted.Variant));
}
