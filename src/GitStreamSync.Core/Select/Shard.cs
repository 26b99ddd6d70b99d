using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GitStreamSync.Core.Select;

/// <summary>
/// One of <see cref="Count"/> parts of a repository's streams (<c>--shard K/N</c>, K from 0 to N-1,
/// as Kubernetes numbers an Indexed Job's pods). A stream's part depends on its file path and name
/// only, through SHA-256 rather than <see cref="string.GetHashCode()"/> (which differs per process),
/// so every machine of a run puts a stream in the same part, and it stays there while N stays.
/// </summary>
public sealed record Shard
{
    /// <summary>More parts than this gains nothing: each one pays a clone and a process start.</summary>
    public const int MaxCount = 1024;

    public Shard(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        Index = index;
        Count = count;
    }

    public int Index { get; }

    public int Count { get; }

    public static bool TryParse(string? text, [NotNullWhen(true)] out Shard? shard, out string error)
    {
        shard = null;
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            error = $"'{text}' is not K/N (K from 0 to N-1, e.g. 0/3)";
            return false;
        }

        if (count is < 1 or > MaxCount)
        {
            error = $"'{text}': N must be from 1 to {MaxCount}";
            return false;
        }

        if (index >= count)
        {
            error = $"'{text}': K must be from 0 to {count - 1} (shards are numbered from 0, like JOB_COMPLETION_INDEX)";
            return false;
        }

        shard = new Shard(index, count);
        error = "";
        return true;
    }

    /// <summary>The part (0 to <paramref name="count"/>-1) the stream <paramref name="name"/> of <paramref name="filePath"/> belongs to.</summary>
    public static int Of(string filePath, string name, int count)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(filePath + "\0" + name), hash);
        return JumpHash(BinaryPrimitives.ReadUInt64LittleEndian(hash), count);
    }

    public bool Contains(string filePath, string name) => Of(filePath, name, Count) == Index;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>
    /// Lamping and Veach's jump consistent hash: when N grows to N+1 only about 1/(N+1) of the streams
    /// move, so a resolution cache warmed per shard stays mostly useful after N changes.
    /// </summary>
    private static int JumpHash(ulong key, int buckets)
    {
        long b = -1, j = 0;
        while (j < buckets)
        {
            b = j;
            key = unchecked((key * 2862933555777941757UL) + 1);
            j = (long)((b + 1) * ((double)(1L << 31) / ((key >> 33) + 1)));
        }

        return (int)b;
    }
}
