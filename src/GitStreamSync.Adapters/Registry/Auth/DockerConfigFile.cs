using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using GitStreamSync.Core.Images;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.Registry.Auth;

/// <summary>
/// Docker's <c>config.json</c>: <c>auths</c> (<c>auth</c> = base64 of user:password, or
/// <c>username</c>/<c>password</c>, and <c>identitytoken</c>), <c>credHelpers</c> per host and
/// <c>credsStore</c> for all hosts, as the Docker CLI reads them.
/// </summary>
internal sealed class DockerConfigFile
{
    private readonly Dictionary<string, JsonElement> auths = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> credHelpers = new(StringComparer.OrdinalIgnoreCase);
    private readonly string? credsStore;
    private readonly CredentialHelperRunner helpers;
    private readonly string path;

    private DockerConfigFile(JsonElement root, string path, CredentialHelperRunner helpers)
    {
        this.path = path;
        this.helpers = helpers;
        if (root.TryGetProperty("auths", out var a) && a.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in a.EnumerateObject())
            {
                auths[HostOf(entry.Name)] = entry.Value.Clone();
            }
        }

        if (root.TryGetProperty("credHelpers", out var h) && h.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in h.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.String))
            {
                credHelpers[HostOf(entry.Name)] = entry.Value.GetString()!;
            }
        }

        if (root.TryGetProperty("credsStore", out var s) && s.ValueKind == JsonValueKind.String && s.GetString() is { Length: > 0 } store)
        {
            credsStore = store;
        }
    }

    /// <param name="secrets">Learns what a credential helper prints (<see cref="CredentialHelperRunner"/>); null: nothing is learnt.</param>
    public static DockerConfigFile? Load(Func<string, string?> environment, ILogger logger, Secrets.SecretSanitizer? secrets = null)
    {
        var directory = environment("DOCKER_CONFIG") is { Length: > 0 } d ? d
            : environment("HOME") is { Length: > 0 } home ? Path.Combine(home, ".docker") : null;
        if (directory is null)
        {
            return null;
        }

        var file = Path.Combine(directory, "config.json");
        return File.Exists(file) ? Read(file, environment, logger, secrets) : null;
    }

    // A method of its own: its JSON types would load the JSON library for every command, including
    // those run where no Docker config exists.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DockerConfigFile? Read(string file, Func<string, string?> environment, ILogger logger, Secrets.SecretSanitizer? secrets)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(file));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                logger.LogWarning("Docker config {Path} is not a JSON object; continuing without it", file);
                return null;
            }

            return new DockerConfigFile(document.RootElement, file, new CredentialHelperRunner(environment, logger, secrets));
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            // InvalidOperationException: a key or helper name of invalid UTF-8 (the JSON reader checks
            // UTF-8 only when a string is read).
            // The exception text may quote the file's content; only its type is worth reporting.
            logger.LogWarning("Docker config {Path} could not be read ({Error}); continuing without it", file, e.GetType().Name);
            return null;
        }
    }

    public async Task<RegistryCredential?> FindAsync(string host, CancellationToken cancellationToken)
    {
        var key = HostOf(host);
        var serverUrl = DockerHub.IsDockerHub(host) ? DockerHub.ConfigServerUrl : host;
        if (credHelpers.TryGetValue(key, out var helper))
        {
            return await helpers.GetAsync(helper, serverUrl, cancellationToken);
        }

        if (credsStore is not null && await helpers.GetAsync(credsStore, serverUrl, cancellationToken) is { } stored)
        {
            return stored;
        }

        return auths.TryGetValue(key, out var entry) ? FromAuthEntry(entry) : null;
    }

    /// <summary>
    /// Every secret stored in <c>auths</c> (for masking, not for use): each entry's user and
    /// password, and its <c>auth</c> value and identity token as they are written.
    /// </summary>
    public IEnumerable<(string User, string Password, IReadOnlyList<string> Others)> StoredSecrets()
    {
        foreach (var entry in auths.Values)
        {
            var credential = FromAuthEntry(entry);
            var others = new[] { Text(entry, "auth"), Text(entry, "identitytoken"), Text(entry, "registrytoken") }.OfType<string>().ToList();
            yield return (credential?.Username ?? "", credential?.Password ?? "", others);
        }
    }

    private RegistryCredential? FromAuthEntry(JsonElement entry)
    {
        string? username = Text(entry, "username");
        string? password = Text(entry, "password");
        if (Text(entry, "auth") is { Length: > 0 } encoded)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    username = decoded[..colon];
                    password = decoded[(colon + 1)..];
                }
            }
            catch (FormatException)
            {
                return null;
            }
        }

        var identityToken = Text(entry, "identitytoken");
        if (identityToken is null && (string.IsNullOrEmpty(username) || password is null))
        {
            return null;
        }

        return new RegistryCredential(username ?? "", password ?? "", identityToken) { Source = path };
    }

    // A value of invalid UTF-8 is no credential (reading it would throw in the middle of a lookup).
    private static string? Text(JsonElement entry, string name) =>
        entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
        && System.Text.Unicode.Utf8.IsValid(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(v)) ? v.GetString() : null;

    // Keys may be written as URLs ("https://index.docker.io/v1/", "https://quay.io"): compare hosts.
    private static string HostOf(string key)
    {
        var host = key;
        var scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        var slash = host.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            host = host[..slash];
        }

        return DockerHub.CanonicalHost(host);
    }
}
