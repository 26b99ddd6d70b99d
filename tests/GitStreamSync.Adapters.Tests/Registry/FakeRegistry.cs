using GitStreamSync.Core.Images;
using System.Text;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>
/// A registry played by the loopback fault server: <c>/v2/</c> answers 200 (or a Basic challenge),
/// manifest requests go to the scenario, which also gets the request's number (1 = first).
/// </summary>
internal static class FakeRegistry
{
    public static readonly byte[] Manifest = Encoding.UTF8.GetBytes(
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a","size":2},"layers":[]}""");

    public static readonly Digest ManifestDigest = Digest.ComputeSha256(Manifest);

    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";

    public static LoopbackHttpServer Start(Func<LoopbackRequest, int, LoopbackResponse> manifests, string? basicRealm = null)
    {
        var count = 0;
        return LoopbackHttpServer.Start(request =>
        {
            if (request.Path == "/v2/")
            {
                return basicRealm is not null && request.Header("Authorization") is null
                    ? LoopbackResponse.Text(401, "", ("WWW-Authenticate", $"Basic realm=\"{basicRealm}\""))
                    : LoopbackResponse.Text(200, "{}");
            }

            return request.Path.Contains("/manifests/", StringComparison.Ordinal)
                ? manifests(request, Interlocked.Increment(ref count))
                : LoopbackResponse.Text(404, "");
        });
    }

    /// <summary>The manifest with its correct headers (HEAD gets the same headers, no body).</summary>
    public static LoopbackResponse Ok(string? digestHeader = "", byte[]? body = null, string contentType = OciManifest) =>
        LoopbackResponse.Bytes(
            200,
            body ?? Manifest,
            [("Content-Type", contentType), .. digestHeader is null ? Array.Empty<(string, string)>() : [("Docker-Content-Digest", digestHeader.Length == 0 ? ManifestDigest.ToString() : digestHeader)]]);

    public static IEnumerable<LoopbackRequest> ManifestRequests(this LoopbackHttpServer server, string? method = null) =>
        server.Requests.Where(r => r.Path.Contains("/manifests/", StringComparison.Ordinal) && (method is null || r.Method == method));
}
