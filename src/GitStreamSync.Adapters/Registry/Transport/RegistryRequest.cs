using System.Net;
using System.Net.Http.Headers;

namespace GitStreamSync.Adapters.Registry.Transport;

/// <summary>What to send. The transport builds a fresh message per attempt and per redirect hop.</summary>
internal sealed record RegistryRequest(HttpMethod Method, Uri Uri)
{
    public string? Accept { get; init; }

    /// <summary>Sent only to <see cref="Uri"/>'s own host: dropped when a redirect leads elsewhere.</summary>
    public AuthenticationHeaderValue? Authorization { get; init; }

    public Func<HttpContent>? Content { get; init; }

    public bool ReadBody { get; init; }

    public long MaxBodyBytes { get; init; } = RegistryClientOptions.DefaultMaxManifestBytes;

    /// <summary>One attempt only (probing which scheme a host speaks).</summary>
    public bool NoRetry { get; init; }
}

/// <summary>The parts of an answer the client uses; the body is read (capped) or absent.</summary>
internal sealed record RegistryResponse(HttpStatusCode Status, Uri FinalUri, byte[]? Body)
{
    public string? ContentDigest { get; init; }
    public string? ContentType { get; init; }
    public IReadOnlyList<AuthenticationHeaderValue> Challenges { get; init; } = [];
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The <c>Link</c> header(s), joined with commas: the next page of a tag list.</summary>
    public string? Link { get; init; }

    public bool IsSuccess => (int)Status is >= 200 and < 300;
}
