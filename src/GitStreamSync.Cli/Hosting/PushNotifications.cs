using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Schedule;

namespace GitStreamSync.Cli.Hosting;

/// <summary>
/// What the worker answers one notification: the HTTP status, a line for the sender, the pushed
/// images (keys of <see cref="DueRule.ImageKey"/>) and the tags pushed with the digest the event
/// names for each (only where it names both, as a manifest pushed by tag does).
/// </summary>
internal sealed record NotificationAnswer(int Status, string Message, IReadOnlyList<string> Images)
{
    public IReadOnlyList<TagDigest> Tags { get; init; } = [];

    public static NotificationAnswer Refused(int status, string message) => new(status, message, []);
}

/// <summary>
/// Reads the two kinds of push notification the worker accepts, as untrusted input: a CNCF
/// Distribution envelope (<c>application/vnd.docker.distribution.events.v1+json</c>, what
/// docker-registry's <c>notifications.endpoints</c> send; authenticated by the shared secret in
/// <c>Authorization: Bearer</c>, set with the endpoint's <c>headers:</c>) and a GitHub
/// <c>registry_package</c> webhook (authenticated by <c>X-Hub-Signature-256</c>, HMAC-SHA256 of the
/// body with the same secret). The secret is checked before the body is read as JSON, in constant time.
/// </summary>
internal static class PushNotifications
{
    public const string RegistryPath = "/notifications/registry";
    public const string GitHubPath = "/notifications/github";
    public const string DistributionMediaType = "application/vnd.docker.distribution.events.v1+json";
    public const string SecretVariable = "GITSTREAMSYNC_NOTIFY_SECRET";
    public const int MaxBodyBytes = 1024 * 1024;

    public static NotificationAnswer FromRegistry(string? authorization, string? contentType, byte[] body, string secret)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (authorization is null || !FixedTimeEquals(authorization, "Bearer " + secret))
        {
            return NotificationAnswer.Refused(401, "missing or wrong Authorization header");
        }

        var mediaType = contentType?.Split(';')[0].Trim();
        if (mediaType is not (DistributionMediaType or "application/json"))
        {
            return NotificationAnswer.Refused(400, $"expected {DistributionMediaType}");
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            {
                return NotificationAnswer.Refused(400, "not a notification envelope: no \"events\" array");
            }

            var images = new List<string>();
            var tags = new List<TagDigest>();
            foreach (var item in events.EnumerateArray())
            {
                if (PushedManifest(item) is { } image)
                {
                    images.Add(image);
                    var target = Property(item, "target");
                    if (PushedTag(image, Property(target, "tag"), Property(target, "digest")) is { } tag)
                    {
                        tags.Add(tag);
                    }
                }
            }

            return new NotificationAnswer(202, $"{images.Distinct().Count()} pushed images", [.. images.Distinct()]) { Tags = [.. tags.Distinct()] };
        }
        catch (JsonException exception)
        {
            return NotificationAnswer.Refused(400, $"not JSON: {exception.Message}");
        }
    }

    public static NotificationAnswer FromGitHub(string? signature, string? gitHubEvent, byte[] body, string secret)
    {
        ArgumentNullException.ThrowIfNull(body);
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
        if (signature is null || !FixedTimeEquals(signature.Trim().ToLowerInvariant(), expected))
        {
            return NotificationAnswer.Refused(401, "missing or wrong X-Hub-Signature-256");
        }

        if (gitHubEvent is "ping")
        {
            return new NotificationAnswer(200, "pong", []);
        }

        if (gitHubEvent is not "registry_package" and not "package")
        {
            return new NotificationAnswer(202, $"event {gitHubEvent} ignored", []);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Property(root, "registry_package") is not { ValueKind: JsonValueKind.Object } package)
            {
                return NotificationAnswer.Refused(400, "not a registry_package event: no \"registry_package\" object");
            }

            var version = Property(package, "package_version");
            var url = Property(version, "package_url")?.GetStringOrNull();
            var image = url is not null && ImageReference.TryParse(url, out var reference) ? DueRule.ImageKey(reference.Registry, reference.Path) : null;
            var tag = Property(Property(version, "container_metadata"), "tag");
            return image is null
                ? new NotificationAnswer(202, "no container image in the event", [])
                : new NotificationAnswer(202, "1 pushed image", [image]) { Tags = PushedTag(image, Property(tag, "name"), Property(tag, "digest")) is { } pushed ? [pushed] : [] };
        }
        catch (JsonException exception)
        {
            return NotificationAnswer.Refused(400, $"not JSON: {exception.Message}");
        }
    }

    /// <summary>A push of a manifest or index (not of a layer blob): the registry host it was pushed to and the repository.</summary>
    private static string? PushedManifest(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || Property(item, "action")?.GetStringOrNull() != "push"
            || Property(item, "target") is not { ValueKind: JsonValueKind.Object } target
            || Property(target, "repository")?.GetStringOrNull() is not { Length: > 0 } repository)
        {
            return null;
        }

        var mediaType = Property(target, "mediaType")?.GetStringOrNull() ?? "";
        if (Property(target, "tag") is null && !mediaType.Contains("manifest", StringComparison.Ordinal) && !mediaType.Contains("index", StringComparison.Ordinal))
        {
            return null;
        }

        // The target URL names the host the pusher used, which is the host image streams name.
        var host = Uri.TryCreate(Property(target, "url")?.GetStringOrNull(), UriKind.Absolute, out var url) ? url.Authority
            : Property(Property(item, "request"), "host")?.GetStringOrNull();
        return string.IsNullOrEmpty(host) ? null : DueRule.ImageKey(host, repository);
    }

    /// <summary>The tag and digest an event names, when it names both and both are well formed; a hint for the worker, never a resolution.</summary>
    private static TagDigest? PushedTag(string image, JsonElement? tag, JsonElement? digest) =>
        tag?.GetStringOrNull() is { Length: > 0 and <= 128 } name && ImageReference.TryParse($"{image}:{name}", out var reference) && reference.Tag == name
        && Digest.TryParse(digest?.GetStringOrNull(), out var parsed)
            ? new TagDigest(image, name, parsed.ToString())
            : null;

    private static JsonElement? Property(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty(name, out var property) ? property : null;

    private static string? GetStringOrNull(this JsonElement element) => element.ValueKind == JsonValueKind.String ? element.GetString() : null;

    private static bool FixedTimeEquals(string actual, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));
}
