namespace GitStreamSync.Adapters.Files;

/// <summary>
/// Replaces a file whole or not at all: the bytes go to a temporary file in the same folder, are
/// flushed to the disk, and the temporary file is renamed over the target (an atomic rename on
/// POSIX). A process killed at any moment leaves the old file or the new one, and at worst a
/// temporary file that <see cref="RemoveLeftovers"/> deletes.
/// </summary>
internal static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = $"{path}.{Guid.NewGuid():N}{TemporarySuffix}";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Deletes the temporary files of <paramref name="path"/> that a killed process left.</summary>
    public static void RemoveLeftovers(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            return;
        }

        foreach (var leftover in Directory.EnumerateFiles(directory, Path.GetFileName(path) + ".*" + TemporarySuffix))
        {
            File.Delete(leftover);
        }
    }
}
