using GitStreamSync.Core.Images;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// Index digest -> its entries. An index is content-addressed, so its entries never change: once
/// read, an unchanged index costs no GET, in this run (memory) or the next (cache directory). An
/// index fetched by digest is stored as one small JSON file under <c>indexes/sha256/</c>; the
/// indexes a run reads with GET by tag (ten thousand tags may bring a thousand of them) are
/// stored together at the end of the run, as one pack file under <c>indexes/packs/</c>, since
/// creating a thousand files cost a fifth of the run's CPU.
/// </summary>
internal sealed class IndexChildCache(string? directory, ILogger logger)
{
    // More packs than this are merged into one when they are read, so that a worker running
    // every few minutes does not make the next read open hundreds of files.
    private const int MaxPacks = 8;

    private readonly ConcurrentDictionary<Digest, Lazy<Task<IReadOnlyList<IndexEntry>>>> memory = new();
    private readonly ConcurrentDictionary<Digest, IReadOnlyList<IndexEntry>> unsaved = new();
    private readonly object packLock = new();
    private Dictionary<Digest, IReadOnlyList<IndexEntry>>? packed;
    private int loads;

    /// <summary>Indexes fetched from a registry in this run (neither memory nor directory had them).</summary>
    public int Loads => loads;

    public async Task<IReadOnlyList<IndexEntry>> GetAsync(Digest index, Func<Task<IReadOnlyList<IndexEntry>>> load)
    {
        var entry = memory.GetOrAdd(index, d => new Lazy<Task<IReadOnlyList<IndexEntry>>>(() => ReadOrLoadAsync(d, load)));
        try
        {
            return await entry.Value;
        }
        catch
        {
            memory.TryRemove(KeyValuePair.Create(index, entry));
            throw;
        }
    }

    /// <summary>
    /// Keeps entries read some other way (an index answered a GET by tag): content-addressed, they
    /// spare the GET wherever the same index is met by HEAD later, on Docker Hub say. Written to
    /// the directory by <see cref="Save"/>.
    /// </summary>
    public void Remember(Digest index, IReadOnlyList<IndexEntry> entries)
    {
        if (memory.TryAdd(index, new Lazy<Task<IReadOnlyList<IndexEntry>>>(Task.FromResult(entries))) && directory is not null)
        {
            unsaved.TryAdd(index, entries);
        }
    }

    /// <summary>
    /// Writes the remembered indexes the directory does not hold yet as one pack file (temporary
    /// file, then renamed: a run killed before or during it leaves the cache as it was).
    /// </summary>
    public void Save()
    {
        if (directory is null || unsaved.IsEmpty)
        {
            return;
        }

        lock (packLock)
        {
            var stored = Packed();
            var fresh = new List<IndexPackEntry>();
            foreach (var (index, entries) in unsaved)
            {
                if (unsaved.TryRemove(index, out _) && stored.TryAdd(index, entries) && !File.Exists(FileOf(index)))
                {
                    fresh.Add(new IndexPackEntry(index.ToString(), ToStored(entries)));
                }
            }

            if (fresh.Count > 0)
            {
                WritePack(fresh);
            }
        }
    }

    private string FileOf(Digest index) => Path.Combine(directory!, "indexes", index.Algorithm, index.Hex + ".json");

    private string PackDirectory => Path.Combine(directory!, "indexes", "packs");

    private async Task<IReadOnlyList<IndexEntry>> ReadOrLoadAsync(Digest index, Func<Task<IReadOnlyList<IndexEntry>>> load)
    {
        var file = directory is null ? null : FileOf(index);
        if (file is not null && TryRead(file) is { } cached)
        {
            return cached;
        }

        if (file is not null && FromPacks(index) is { } fromPack)
        {
            return fromPack;
        }

        Interlocked.Increment(ref loads);
        var entries = await load();
        if (file is not null)
        {
            Write(file, entries);
        }

        return entries;
    }

    private IReadOnlyList<IndexEntry>? FromPacks(Digest index)
    {
        var stored = Packed();
        lock (packLock)
        {
            return stored.GetValueOrDefault(index);
        }
    }

    // The packs' indexes, read once per client; damaged packs are discarded, many are merged.
    private Dictionary<Digest, IReadOnlyList<IndexEntry>> Packed()
    {
        lock (packLock)
        {
            if (packed is not null)
            {
                return packed;
            }

            packed = [];
            string[] files;
            try
            {
                files = Directory.Exists(PackDirectory) ? Directory.GetFiles(PackDirectory, "*.json") : [];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An unreadable cache costs requests, never the run.
                logger.LogDebug("index cache folder {Folder} not read ({Error})", PackDirectory, e.GetType().Name);
                files = [];
            }

            var read = new List<string>();
            foreach (var file in files)
            {
                if (TryReadPack(file) is { } pack)
                {
                    read.Add(file);
                    foreach (var (index, entries) in pack)
                    {
                        packed[index] = entries;
                    }
                }
            }

            if (read.Count > MaxPacks && WritePack([.. packed.Select(kv => new IndexPackEntry(kv.Key.ToString(), ToStored(kv.Value)))]))
            {
                // The merged pack is in place before the ones it holds go: a run killed in between
                // leaves the same indexes twice, which is harmless.
                foreach (var file in read)
                {
                    TryDelete(file);
                }
            }

            return packed;
        }
    }

    private List<(Digest Index, IReadOnlyList<IndexEntry> Entries)>? TryReadPack(string file)
    {
        try
        {
            var stored = JsonSerializer.Deserialize(File.ReadAllBytes(file), RegistryCacheJson.Default.ListIndexPackEntry)
                ?? throw new JsonException("the file holds null");
            return stored.Select(s => (
                Digest.Parse(s?.Index ?? throw new JsonException("an index has no digest")),
                (IReadOnlyList<IndexEntry>)FromStored(s.Entries ?? throw new JsonException("an index has no entries")))).ToList();
        }
        catch (Exception e) when (e is IOException or JsonException or FormatException or UnauthorizedAccessException or ArgumentException)
        {
            // Never trusted, as a damaged single-index file: the indexes it held are fetched again when met.
            logger.LogWarning("index cache file {File} is damaged ({Error}); discarded, fetching its indexes again when needed", file, e.GetType().Name);
            TryDelete(file);
            return null;
        }
    }

    private List<IndexEntry>? TryRead(string file)
    {
        try
        {
            if (!File.Exists(file))
            {
                return null;
            }

            var stored = JsonSerializer.Deserialize(File.ReadAllBytes(file), RegistryCacheJson.Default.ListIndexCacheEntry)
                ?? throw new JsonException("the file holds null");
            return FromStored(stored);
        }
        catch (Exception e) when (e is IOException or JsonException or FormatException or UnauthorizedAccessException or ArgumentException)
        {
            // Never trusted: a damaged entry could name the wrong platform's digest. Removed, so the
            // fetch below writes a good one in its place.
            logger.LogWarning("index cache file {File} is damaged ({Error}); discarded, fetching the index again", file, e.GetType().Name);
            TryDelete(file);
            return null;
        }
    }

    private static List<IndexEntry> FromStored(List<IndexCacheEntry> stored) =>
        stored.Select(s => new IndexEntry(
            Digest.Parse(s?.Digest ?? throw new JsonException("an entry has no digest")),
            s.MediaType ?? throw new JsonException("an entry has no media type"),
            s.Os is null || s.Architecture is null ? null : new Platform(s.Os, s.Architecture, s.Variant))).ToList();

    private static List<IndexCacheEntry> ToStored(IReadOnlyList<IndexEntry> entries) =>
        entries.Select(e => new IndexCacheEntry(e.Digest.ToString(), e.MediaType, e.Platform?.Os, e.Platform?.Architecture, e.Platform?.Variant)).ToList();

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Write replaces it anyway.
        }
    }

    private void Write(string file, IReadOnlyList<IndexEntry> entries) =>
        WriteAtomically(file, JsonSerializer.SerializeToUtf8Bytes(ToStored(entries), RegistryCacheJson.Default.ListIndexCacheEntry));

    private bool WritePack(List<IndexPackEntry> pack) =>
        WriteAtomically(Path.Combine(PackDirectory, Guid.NewGuid().ToString("N") + ".json"), JsonSerializer.SerializeToUtf8Bytes(pack, RegistryCacheJson.Default.ListIndexPackEntry));

    private bool WriteAtomically(string file, byte[] bytes)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, file, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache saves requests; losing it costs only time.
            logger.LogDebug("index cache file {File} not written ({Error})", file, e.GetType().Name);
            return false;
        }
    }
}
