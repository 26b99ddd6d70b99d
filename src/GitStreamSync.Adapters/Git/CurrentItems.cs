using GitStreamSync.Core.Images;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using System.Text;
using LibGit2Sharp;

namespace GitStreamSync.Adapters.Git;

/// <summary>
/// The <c>items[0]</c> digest of every status tag in one file version, read with the ImageStream
/// reader and kept per (path, blob): walking history meets each blob twice, as a commit's "after" and
/// its child's "before".
/// </summary>
internal sealed class CurrentItems
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private readonly Dictionary<(string Path, ObjectId Blob), IReadOnlyDictionary<TagKey, Digest>> cache = [];

    public IEnumerable<TagTransition> Transitions(string path, Blob? before, Blob? after)
    {
        var old = Read(path, before);
        var now = Read(path, after);
        foreach (var key in old.Keys.Concat(now.Keys).Distinct())
        {
            var a = old.GetValueOrDefault(key);
            var b = now.GetValueOrDefault(key);
            if (a != b)
            {
                yield return new TagTransition(key, a, b);
            }
        }
    }

    private IReadOnlyDictionary<TagKey, Digest> Read(string path, Blob? blob)
    {
        if (blob is null)
        {
            return new Dictionary<TagKey, Digest>();
        }

        if (cache.TryGetValue((path, blob.Id), out var known))
        {
            return known;
        }

        var digests = new Dictionary<TagKey, Digest>();
        if (Text(blob) is { } text)
        {
            foreach (var stream in ImageStreamReader.ReadFile(new SourceFile(path, text)).Streams)
            {
                foreach (var tag in stream.Status?.Tags ?? [])
                {
                    if (tag.Items.Count > 0 && Digest.TryParse(tag.Items[0].Image, out var digest))
                    {
                        digests.TryAdd(new TagKey(path, stream.Name, tag.Tag), digest);
                    }
                }
            }
        }

        cache[(path, blob.Id)] = digests;
        return digests;
    }

    private static string? Text(Blob blob)
    {
        if (blob.IsBinary)
        {
            return null;
        }

        try
        {
            using var stream = blob.GetContentStream();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
