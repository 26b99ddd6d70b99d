using GitStreamSync.Core.Images;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.Registry;

/// <summary>What an image's config says, as cached: the manifest digest's labels, <c>created</c>, and when this tool first read it.</summary>
internal sealed record CachedImageFacts(IReadOnlyDictionary<string, string> Labels, DateTimeOffset? Created, DateTimeOffset FirstSeen, string? Platform);

/// <summary>
/// Manifest digest -> what its config says. A digest's content never changes, so once read it costs
/// no request again, in this run (memory) or a later one (cache directory, one small JSON file per
/// digest under <c>images/sha256/</c>). The file also keeps when the tool first saw the digest, which
/// a minimum age falls back on for an image without a usable <c>created</c>: losing the file only
/// restarts that wait, it never shortens it.
/// </summary>
internal sealed class ImageFactsCache(string? directory, ILogger logger)
{
    private readonly ConcurrentDictionary<Digest, Lazy<Task<CachedImageFacts>>> memory = new();
    private int loads;

    /// <summary>Digests whose config was fetched from a registry (neither memory nor directory had them).</summary>
    public int Loads => loads;

    public async Task<CachedImageFacts> GetAsync(Digest digest, Func<Task<CachedImageFacts>> load)
    {
        var entry = memory.GetOrAdd(digest, d => new Lazy<Task<CachedImageFacts>>(() => ReadOrLoadAsync(d, load)));
        try
        {
            return await entry.Value;
        }
        catch
        {
            memory.TryRemove(KeyValuePair.Create(digest, entry));
            throw;
        }
    }

    private async Task<CachedImageFacts> ReadOrLoadAsync(Digest digest, Func<Task<CachedImageFacts>> load)
    {
        var file = directory is null ? null : Path.Combine(directory, "images", digest.Algorithm, digest.Hex + ".json");
        if (file is not null && TryRead(file) is { } cached)
        {
            return cached;
        }

        Interlocked.Increment(ref loads);
        var facts = await load();
        if (file is not null)
        {
            Write(file, facts);
        }

        return facts;
    }

    private CachedImageFacts? TryRead(string file)
    {
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize(File.ReadAllBytes(file), RegistryCacheJson.Default.CachedImageFacts) : null;
        }
        catch (Exception e) when (e is IOException or JsonException or NotSupportedException or UnauthorizedAccessException)
        {
            logger.LogDebug("image cache file {File} unreadable ({Error}); fetching again", file, e.GetType().Name);
            return null;
        }
    }

    private void Write(string file, CachedImageFacts facts)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            var temporary = file + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(facts, RegistryCacheJson.Default.CachedImageFacts));
            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache saves requests; losing it costs time, and restarts a first-seen wait.
            logger.LogDebug("image cache file {File} not written ({Error})", file, e.GetType().Name);
        }
    }
}
