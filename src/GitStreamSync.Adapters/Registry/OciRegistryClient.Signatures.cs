using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using System.Collections.Concurrent;
using System.Text.Json;
using GitStreamSync.Adapters.Registry.Auth;
using GitStreamSync.Adapters.Registry.Transport;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// <see cref="ISignatureReader"/>: cosign's tag convention (the manifest tagged <c>sha256-&lt;hex&gt;.sig</c>)
/// and the OCI referrers API (<c>GET /v2/&lt;name&gt;/referrers/&lt;digest&gt;</c>; a 404 means the registry has
/// no such API). Per digest: one GET of the signature tag, one of the referrers list, and one GET per
/// signature layer's payload blob (plus one per referring manifest). Payload bytes are checked against
/// their digest; whether they are a valid signature is Core's decision.
/// </summary>
internal sealed partial class OciRegistryClient
{
    private const string SimpleSigning = "application/vnd.dev.cosign.simplesigning.v1+json";
    private const string SignatureAnnotation = "dev.cosignproject.cosign/signature";
    private const string CertificateAnnotation = "dev.sigstore.cosign/certificate";
    private const string BundleAnnotation = "dev.sigstore.cosign/bundle";
    private const int MaxSignatureLayers = 16;

    public async Task<IReadOnlyDictionary<SignatureRequest, SignatureMaterial>> ReadSignaturesAsync(IReadOnlyCollection<SignatureRequest> requests, CancellationToken cancellationToken)
    {
        var state = new RunState(transport, new RegistryCredentialStore(environment, logger, options.Secrets), time, options);
        var distinct = requests.Distinct().ToList();
        var results = new ConcurrentDictionary<SignatureRequest, SignatureMaterial>();
        await Parallel.ForEachAsync(
            distinct,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Min(options.MaxParallelReferences, 16), CancellationToken = cancellationToken },
            async (request, token) => results[request] = await ReadSignatureAsync(state, request, token));
        return distinct.ToDictionary(r => r, r => results[r]);
    }

    private async Task<SignatureMaterial> ReadSignatureAsync(RunState state, SignatureRequest request, CancellationToken cancellationToken)
    {
        var digest = request.Image.Digest ?? throw new ArgumentException("a signature request names a digest", nameof(request));
        var contact = request.Image.ToContact();
        var facts = new ImageFactsRequest(request.Image, null, PlatformPreference.Default, request.Insecure);
        try
        {
            var layers = await OnFirstEndpointAsync(state, facts, contact, async endpoint =>
            {
                var found = new List<CosignLayer>();
                var manifests = new List<byte[]>();
                Digest? tagged = null;
                try
                {
                    var (head, _, body) = await state.Fetcher.GetWithBodyAsync(endpoint, contact.Repository, $"{digest.Algorithm}-{digest.Hex}.sig", cancellationToken);
                    manifests.Add(body);
                    tagged = head.Digest;
                }
                catch (RegistryRequestException e) when (e.Kind == ResolutionFailureKind.NotFound)
                {
                    // No signature under cosign's tag.
                }

                foreach (var referrer in await ReferrersAsync(state, endpoint, contact.Repository, digest, cancellationToken))
                {
                    if (referrer != tagged && await ReferringManifestAsync(state, endpoint, contact.Repository, referrer, digest, cancellationToken) is { } body)
                    {
                        manifests.Add(body);
                    }
                }

                foreach (var (payloadDigest, layer) in manifests.SelectMany(SignatureLayers).Take(MaxSignatureLayers))
                {
                    found.Add(layer with { Payload = await state.Fetcher.GetBlobAsync(endpoint, contact.Repository, payloadDigest, cancellationToken) });
                }

                return found;
            }, cancellationToken);
            return new SignatureMaterial(digest) { Layers = layers };
        }
        catch (RegistryRequestException e)
        {
            logger.LogDebug("{Image}: signatures not read ({Kind})", request.Image, e.Kind);
            return new SignatureMaterial(digest) { Unreadable = $"{request.Image}: {e.Message}" };
        }
    }

    /// <summary>The cosign signatures the referrers API lists for the digest (<see cref="ReferrersAnswer"/>); none when the registry has no such API or answers with something else.</summary>
    private static async Task<IReadOnlyList<Digest>> ReferrersAsync(RunState state, EndpointState endpoint, string repository, Digest digest, CancellationToken cancellationToken)
    {
        try
        {
            return await state.Fetcher.GetReferrersAsync(endpoint, repository, digest, cancellationToken) is { } index
                ? ReferrersAnswer.Signatures(index)
                : [];
        }
        catch (RegistryRequestException e) when (e.Kind is ResolutionFailureKind.UnsupportedManifest or ResolutionFailureKind.NotFound or ResolutionFailureKind.InvalidReference)
        {
            return [];
        }
    }

    /// <summary>
    /// A manifest the referrers answer lists, when it is one (its bytes match the digest, checked on
    /// reading) and names <paramref name="subject"/> as its subject; an entry that is gone, not a
    /// manifest or about another image is skipped, so that a wrong listing cannot spoil the signatures
    /// under cosign's tag. A registry that fails outright still fails the read (nothing is known).
    /// </summary>
    private async Task<byte[]?> ReferringManifestAsync(RunState state, EndpointState endpoint, string repository, Digest referrer, Digest subject, CancellationToken cancellationToken)
    {
        try
        {
            var body = (await state.Fetcher.GetWithBodyAsync(endpoint, repository, referrer.ToString(), cancellationToken)).Body;
            return ReferrersAnswer.Refers(body, subject) ? body : null;
        }
        catch (RegistryRequestException e) when (e.Kind is ResolutionFailureKind.NotFound or ResolutionFailureKind.InvalidResponse or ResolutionFailureKind.UnsupportedManifest)
        {
            logger.LogDebug("{Repository}: referrer {Referrer} of {Subject} skipped ({Kind})", repository, referrer.Abbreviated, subject.Abbreviated, e.Kind);
            return null;
        }
    }

    /// <summary>The simple-signing layers of a signature manifest: payload digest, and the signature, certificate and Rekor bundle annotations (the payload is read next).</summary>
    private static IEnumerable<(Digest Payload, CosignLayer Layer)> SignatureLayers(byte[] manifest)
    {
        var layers = new List<(Digest, CosignLayer)>();
        try
        {
            using var document = JsonDocument.Parse(manifest);
            if (!document.RootElement.TryGetProperty("layers", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return layers;
            }

            foreach (var layer in list.EnumerateArray())
            {
                if (layer.ValueKind == JsonValueKind.Object
                    && layer.TryGetProperty("mediaType", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == SimpleSigning
                    && layer.TryGetProperty("digest", out var d) && d.ValueKind == JsonValueKind.String && Digest.TryParse(d.GetString(), out var payload) && payload.IsSha256)
                {
                    var annotations = layer.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object ? a : default;
                    layers.Add((payload, new CosignLayer(ReadOnlyMemory<byte>.Empty, Annotation(annotations, SignatureAnnotation))
                    {
                        Certificate = Annotation(annotations, CertificateAnnotation),
                        Bundle = Annotation(annotations, BundleAnnotation),
                    }));
                }
            }
        }
        catch (JsonException)
        {
            // Not a manifest this tool can read: it holds no signature.
        }

        return layers;
    }

    private static string? Annotation(JsonElement annotations, string name) =>
        annotations.ValueKind == JsonValueKind.Object && annotations.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
