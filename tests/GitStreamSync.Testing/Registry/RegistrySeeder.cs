using GitStreamSync.Core.Images;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GitStreamSync.Testing.Registry;

public enum ManifestFormat
{
    Oci,
    Docker,
}

/// <summary>A pushed single-platform image.</summary>
public sealed record SeededImage(string Repository, string Tag, Digest Digest, string MediaType, Platform Platform);

/// <summary>A pushed index or manifest list and its children by platform.</summary>
/// <summary>What an image's config says about it: labels (<c>config.Labels</c>) and <c>created</c>.</summary>
public sealed record SeededConfig(IReadOnlyDictionary<string, string> Labels, DateTimeOffset? Created = null);

public sealed record SeededIndex(string Repository, string Tag, Digest Digest, string MediaType, IReadOnlyList<SeededImage> Children);

/// <summary>
/// Pushes images through the registry's own API (blob upload POST+PUT, cross-repository mount,
/// manifest PUT), as test-infrastructure.md describes. Blobs are shared: each (repository, blob)
/// is uploaded or mounted once per seeder, and images are made unique by a manifest annotation
/// (OCI) or a config label (Docker v2), so a tag costs one request (OCI) or three (Docker).
/// </summary>
public sealed class RegistrySeeder : IDisposable
{
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    private const string BaseRepository = "seed/base";

    private readonly HttpClient client;
    private readonly Uri baseUri;
    private readonly Func<IReadOnlyList<string>, AuthenticationHeaderValue?> authorize;
    private readonly ConcurrentDictionary<string, Lazy<Task>> blobsPresent = new(StringComparer.Ordinal);

    /// <param name="authorize">The Authorization for a request touching these repositories (Basic, or a token with push).</param>
    public RegistrySeeder(Uri baseUri, Func<IReadOnlyList<string>, AuthenticationHeaderValue?>? authorize = null)
    {
        this.baseUri = baseUri;
        this.authorize = authorize ?? (_ => null);
        client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };
    }

    public static RegistrySeeder For(RegistryServer server, RegistryServerOptions? options = null) =>
        new(server.BaseUri, options switch
        {
            { Htpasswd: { } user } => _ => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user.Username}:{user.Password}"))),
            { Token: { } issuer } => repositories => new AuthenticationHeaderValue("Bearer", issuer.CreateToken(repositories)),
            _ => null,
        });

    public Task<SeededImage> PushImageAsync(string repository, string tag, ManifestFormat format, Platform platform, string? unique = null, CancellationToken cancellationToken = default) =>
        PushImageAsync(repository, tag, format, platform, unique, config: null, cancellationToken);

    /// <summary>An image whose config holds <paramref name="config"/>'s labels and <c>created</c>.</summary>
    public async Task<SeededImage> PushImageAsync(string repository, string tag, ManifestFormat format, Platform platform, string? unique, SeededConfig? config, CancellationToken cancellationToken = default)
    {
        var (body, mediaType) = await ImageManifestAsync(repository, format, platform, unique ?? $"{repository}:{tag}", cancellationToken, config);
        var digest = await PutManifestAsync(repository, tag, mediaType, body, cancellationToken);
        return new SeededImage(repository, tag, digest, mediaType, platform);
    }

    public Task<SeededIndex> PushIndexAsync(string repository, string tag, ManifestFormat format, IReadOnlyList<Platform> platforms, string? unique = null, CancellationToken cancellationToken = default) =>
        PushIndexAsync(repository, tag, format, platforms, unique, config: null, cancellationToken);

    /// <summary>An index whose children's configs hold <paramref name="config"/>'s labels and <c>created</c>.</summary>
    public Task<SeededIndex> PushIndexAsync(string repository, string tag, ManifestFormat format, IReadOnlyList<Platform> platforms, string? unique, SeededConfig? config, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        return PushIndexAsync(repository, tag, format, [.. platforms.Select(p => (p, $"{unique ?? repository + ":" + tag}/{p}"))], config, cancellationToken);
    }

    /// <summary>
    /// An index whose children are made from their own texts: seeding again with one platform's text
    /// changed rebuilds that platform's image alone, as an upstream rebuild for one architecture does,
    /// and every other child stays byte for byte the same.
    /// </summary>
    public async Task<SeededIndex> PushIndexAsync(string repository, string tag, ManifestFormat format, IReadOnlyList<(Platform Platform, string Unique)> platforms, SeededConfig? config = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        var children = new List<SeededImage>();
        var descriptors = new List<object>();
        foreach (var (platform, childUnique) in platforms)
        {
            var (body, mediaType) = await ImageManifestAsync(repository, format, platform, childUnique, cancellationToken, config);
            var digest = await PutManifestAsync(repository, Digest.ComputeSha256(body).ToString(), mediaType, body, cancellationToken);
            children.Add(new SeededImage(repository, tag, digest, mediaType, platform));
            var platformJson = new Dictionary<string, string> { ["architecture"] = platform.Architecture, ["os"] = platform.Os };
            if (platform.Variant is { } variant)
            {
                platformJson["variant"] = variant;
            }

            descriptors.Add(new { mediaType, digest = digest.ToString(), size = body.Length, platform = platformJson });
        }

        var listType = format == ManifestFormat.Oci ? OciIndex : DockerList;
        var index = JsonSerializer.SerializeToUtf8Bytes(new { schemaVersion = 2, mediaType = listType, manifests = descriptors });
        var indexDigest = await PutManifestAsync(repository, tag, listType, index, cancellationToken);
        return new SeededIndex(repository, tag, indexDigest, listType, children);
    }

    /// <summary>Points <paramref name="tag"/> at the exact manifest <paramref name="digest"/> already in the repository.</summary>
    public async Task<Digest> CopyToTagAsync(string repository, Digest digest, string tag, CancellationToken cancellationToken = default)
    {
        using var get = Request(HttpMethod.Get, $"/v2/{repository}/manifests/{digest}", [repository]);
        get.Headers.TryAddWithoutValidation("Accept", $"{OciIndex}, {OciManifest}, {DockerList}, {DockerManifest}");
        using var answer = await client.SendAsync(get, cancellationToken);
        await Ensure(answer, HttpStatusCode.OK, "GET manifest");
        var body = await answer.Content.ReadAsByteArrayAsync(cancellationToken);
        return await PutManifestAsync(repository, tag, answer.Content.Headers.ContentType!.MediaType!, body, cancellationToken);
    }

    public async Task<Digest> PutManifestAsync(string repository, string reference, string mediaType, byte[] body, CancellationToken cancellationToken = default)
    {
        using var put = Request(HttpMethod.Put, $"/v2/{repository}/manifests/{reference}", [repository]);
        put.Content = new ByteArrayContent(body);
        put.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        using var answer = await client.SendAsync(put, cancellationToken);
        await Ensure(answer, HttpStatusCode.Created, $"PUT manifest {repository}:{reference}");
        var digest = Digest.ComputeSha256(body);
        var header = answer.Headers.TryGetValues("Docker-Content-Digest", out var values) ? values.First() : null;
        return header == digest.ToString() ? digest : throw new InvalidOperationException($"registry stored {repository}:{reference} as {header}, expected {digest}");
    }

    /// <summary>
    /// A cosign signature as <c>cosign sign</c> stores it: an OCI manifest tagged <c>sha256-&lt;hex&gt;.sig</c>
    /// whose one layer is the simple-signing <paramref name="payload"/>, with <paramref name="signature"/>
    /// in its <c>dev.cosignproject.cosign/signature</c> annotation.
    /// </summary>
    public async Task<Digest> PushCosignSignatureAsync(string repository, Digest image, byte[] payload, string signature, CancellationToken cancellationToken = default)
    {
        var config = "{}"u8.ToArray();
        await EnsureBlobAsync(repository, config, cancellationToken);
        await EnsureBlobAsync(repository, payload, cancellationToken);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = OciManifest,
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = Digest.ComputeSha256(config).ToString(), size = config.Length },
            layers = new[]
            {
                new
                {
                    mediaType = "application/vnd.dev.cosign.simplesigning.v1+json",
                    digest = Digest.ComputeSha256(payload).ToString(),
                    size = payload.Length,
                    annotations = new Dictionary<string, string> { ["dev.cosignproject.cosign/signature"] = signature },
                },
            },
        });
        return await PutManifestAsync(repository, $"{image.Algorithm}-{image.Hex}.sig", OciManifest, manifest, cancellationToken);
    }

    /// <summary>Deletes a manifest (and so every tag pointing at it).</summary>
    public async Task DeleteManifestAsync(string repository, Digest digest, CancellationToken cancellationToken = default)
    {
        using var delete = Request(HttpMethod.Delete, $"/v2/{repository}/manifests/{digest}", [repository]);
        using var answer = await client.SendAsync(delete, cancellationToken);
        await Ensure(answer, HttpStatusCode.Accepted, "DELETE manifest");
    }

    public void Dispose() => client.Dispose();

    private async Task<(byte[] Body, string MediaType)> ImageManifestAsync(string repository, ManifestFormat format, Platform platform, string unique, CancellationToken cancellationToken, SeededConfig? seeded = null)
    {
        var layer = Encoding.UTF8.GetBytes($"gitstreamsync test layer for {platform}");
        var layerDigest = Digest.ComputeSha256(layer);
        // OCI: the annotation makes the manifest unique and the config is shared. Docker v2 has no
        // annotations, so its config carries the unique label.
        var labels = format == ManifestFormat.Docker ? new Dictionary<string, string> { ["gitstreamsync.test"] = unique } : [];
        foreach (var (key, value) in seeded?.Labels ?? new Dictionary<string, string>())
        {
            labels[key] = value;
        }

        var config = seeded is null
            ? JsonSerializer.SerializeToUtf8Bytes(new
            {
                architecture = platform.Architecture,
                os = platform.Os,
                variant = platform.Variant,
                rootfs = new { type = "layers", diff_ids = new[] { layerDigest.ToString() } },
                config = new { Labels = labels },
            })
            : JsonSerializer.SerializeToUtf8Bytes(new
            {
                created = seeded.Created?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                architecture = platform.Architecture,
                os = platform.Os,
                variant = platform.Variant,
                rootfs = new { type = "layers", diff_ids = new[] { layerDigest.ToString() } },
                config = new { Labels = labels },
            });
        await EnsureBlobAsync(repository, layer, cancellationToken);
        await EnsureBlobAsync(repository, config, cancellationToken);
        var configDescriptor = new
        {
            mediaType = format == ManifestFormat.Oci ? "application/vnd.oci.image.config.v1+json" : "application/vnd.docker.container.image.v1+json",
            digest = Digest.ComputeSha256(config).ToString(),
            size = config.Length,
        };
        var layerDescriptor = new
        {
            mediaType = format == ManifestFormat.Oci ? "application/vnd.oci.image.layer.v1.tar+gzip" : "application/vnd.docker.image.rootfs.diff.tar.gzip",
            digest = layerDigest.ToString(),
            size = layer.Length,
        };
        return format == ManifestFormat.Oci
            ? (JsonSerializer.SerializeToUtf8Bytes(new { schemaVersion = 2, mediaType = OciManifest, config = configDescriptor, layers = new[] { layerDescriptor }, annotations = new Dictionary<string, string> { ["gitstreamsync.test"] = unique } }), OciManifest)
            : (JsonSerializer.SerializeToUtf8Bytes(new { schemaVersion = 2, mediaType = DockerManifest, config = configDescriptor, layers = new[] { layerDescriptor } }), DockerManifest);
    }

    /// <summary>The blob is in <paramref name="repository"/>: mounted from the base repository when it is there, else uploaded.</summary>
    private Task EnsureBlobAsync(string repository, byte[] content, CancellationToken cancellationToken)
    {
        var digest = Digest.ComputeSha256(content).ToString();
        var inBase = blobsPresent.GetOrAdd($"{BaseRepository}@{digest}", _ => new Lazy<Task>(() => UploadAsync(BaseRepository, digest, content, cancellationToken))).Value;
        return repository == BaseRepository
            ? inBase
            : blobsPresent.GetOrAdd($"{repository}@{digest}", _ => new Lazy<Task>(async () =>
            {
                await inBase;
                await MountAsync(repository, digest, cancellationToken);
            })).Value;
    }

    private async Task UploadAsync(string repository, string digest, byte[] content, CancellationToken cancellationToken)
    {
        using var post = Request(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/", [repository]);
        using var started = await client.SendAsync(post, cancellationToken);
        await Ensure(started, HttpStatusCode.Accepted, "POST blob upload");
        var location = new Uri(baseUri, started.Headers.Location!);
        var separator = location.Query.Length > 0 ? "&" : "?";
        using var put = Request(HttpMethod.Put, location + separator + "digest=" + Uri.EscapeDataString(digest), [repository]);
        put.Content = new ByteArrayContent(content);
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var done = await client.SendAsync(put, cancellationToken);
        await Ensure(done, HttpStatusCode.Created, "PUT blob");
    }

    private async Task MountAsync(string repository, string digest, CancellationToken cancellationToken)
    {
        using var post = Request(HttpMethod.Post, $"/v2/{repository}/blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={BaseRepository}", [repository, BaseRepository]);
        using var answer = await client.SendAsync(post, cancellationToken);
        await Ensure(answer, HttpStatusCode.Created, $"mount {digest} into {repository}");
    }

    private HttpRequestMessage Request(HttpMethod method, string pathOrUri, IReadOnlyList<string> repositories)
    {
        var message = new HttpRequestMessage(method, new Uri(baseUri, pathOrUri));
        message.Headers.Authorization = authorize(repositories);
        return message;
    }

    private static async Task Ensure(HttpResponseMessage answer, HttpStatusCode expected, string what)
    {
        if (answer.StatusCode != expected)
        {
            var body = await answer.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"{what}: expected {(int)expected}, got {(int)answer.StatusCode}: {body}");
        }
    }

    internal static string Sha(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
