using System.Collections.Concurrent;
using System.Text;
using GitStreamSync.Core.Images;
using GitStreamSync.Adapters.Secrets;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.Registry.Auth;

/// <summary>
/// Finds credentials for a registry host, in this order: <c>GITSTREAMSYNC_REGISTRY_AUTH_&lt;HOST&gt;</c>
/// (<c>USERNAME:PASSWORD</c>; the host upper-cased with every other character as <c>_</c>, e.g.
/// <c>GITSTREAMSYNC_REGISTRY_AUTH_QUAY_IO</c>), then Docker's <c>config.json</c> (<c>$DOCKER_CONFIG</c>
/// or <c>$HOME/.docker</c>): <c>credHelpers</c>, <c>credsStore</c>, <c>auths</c>. The environment is
/// passed in, so nothing here reads process state behind the caller's back. One lookup per host per
/// run, even under concurrency (credential helpers are processes).
/// </summary>
internal sealed class RegistryCredentialStore(Func<string, string?> environment, ILogger logger, SecretSanitizer? secrets = null)
{
    public const string EnvironmentPrefix = "GITSTREAMSYNC_REGISTRY_AUTH_";

    private readonly ConcurrentDictionary<string, Lazy<Task<RegistryCredential?>>> found = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lazy<DockerConfigFile?> dockerConfig = new(() => DockerConfigFile.Load(environment, logger, secrets));

    public Task<RegistryCredential?> FindAsync(string host, CancellationToken cancellationToken) =>
        found.GetOrAdd(host, h => new Lazy<Task<RegistryCredential?>>(() => LookUpAsync(h, cancellationToken))).Value;

    public static string EnvironmentVariableFor(string host)
    {
        var name = new StringBuilder(EnvironmentPrefix);
        foreach (var c in host.ToUpperInvariant())
        {
            name.Append(c is >= 'A' and <= 'Z' or >= '0' and <= '9' ? c : '_');
        }

        return name.ToString();
    }

    private async Task<RegistryCredential?> LookUpAsync(string host, CancellationToken cancellationToken)
    {
        IEnumerable<string> names = DockerHub.IsDockerHub(host) ? DockerHub.HostNames : [host];
        foreach (var name in names)
        {
            var variable = EnvironmentVariableFor(name);
            if (environment(variable) is { Length: > 0 } value)
            {
                var colon = value.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    logger.LogWarning("{Variable} is set but not USERNAME:PASSWORD; ignored", variable);
                    continue;
                }

                return new RegistryCredential(value[..colon], value[(colon + 1)..]) { Source = variable };
            }
        }

        return dockerConfig.Value is { } config ? await config.FindAsync(host, cancellationToken) : null;
    }
}
