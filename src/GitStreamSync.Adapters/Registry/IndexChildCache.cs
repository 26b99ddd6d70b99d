using GitStreamSync.Core.Images;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// Index digest -> its entries. An index is content-addressed, so its entries never change: once
/// read, an unchanged index costs no GET, in this run (memory) or the next (cache directory,
/// one small JSON file per index under <c>indexes/sha256/</c>).
/// </summary>
internal sealed class IndexChildCache(string? directory, ILogger logger)
{
    private readonly ConcurrentDictionary<Digest, Lazy<Task<IReadOnlyList<IndexEntry>>>> memory = new();
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
    /// spare the GET wherever the same index is met by HEAD later, on Docker Hub say.
    /// </summary>
    public void Remember(Digest index, IReadOnlyList<IndexEntry> entries)
    {
        if (memory.TryAdd(index, new Lazy<Task<IReadOnlyList<IndexEntry>>>(Task.FromResult(entries))) && directory is not null)
        {
            var file = Path.Combine(directory, "indexes", index.Algorithm, index.Hex + ".json");
            if (!File.Exists(file))
            {
                Write(file, entries);
            }
        }
    }

    private async Task<IReadOnlyList<IndexEntry>> ReadOrLoadAsync(Digest index, Func<Task<IReadOnlyList<IndexEntry>>> load)
    {
        var file = directory is null ? null : Path.Combine(directory, "indexes", index.Algorithm, index.Hex + ".json");
        if (file is not null && TryRead(file) is { } cached)
        {
            return cached;
        }

        Interlocked.Increment(ref loads);
        var entries = await load();
        if (file is not null)
        {
            Write(file, entries);
        }

        return entries;
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
            return stored.Select(s => new IndexEntry(
                Digest.Parse(s.Digest ?? throw new JsonException("an entry has no digest")),
                s.MediaType ?? throw new JsonException("an entry has no media type"),
                s.Os is null || s.Architecture is null ? null : new Platform(s.Os, s.Architecture, s.Variant))).ToList();
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

    private void Write(string file, IReadOnlyList<IndexEntry> entries)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
            var stored = entries.Select(e => new IndexCacheEntry(e.Digest.ToString(), e.MediaType, e.Platform?.Os, e.Platform?.Architecture, e.Platform?.Variant)).ToList();
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(stored, RegistryCacheJson.Default.ListIndexCacheEntry));
            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache saves requests; losing it costs only time.
            logger.LogDebug("index cache file {File} not written ({Error})", file, e.GetType().Name);
        }
    }
}
