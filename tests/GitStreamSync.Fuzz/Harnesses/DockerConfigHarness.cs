using System.Text.Json;
using GitStreamSync.Adapters.Registry.Auth;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitStreamSync.Fuzz.Harnesses;

/// <summary>
/// Docker's <c>config.json</c> as the user's machine holds it: it loads or is skipped with a
/// warning, and looking up a credential never throws. Configurations naming credential helpers are
/// read but not asked (that would start programs the input names).
/// </summary>
internal static class DockerConfigHarness
{
    private static readonly string Directory = Path.Combine(Path.GetTempPath(), $"gitstreamsync-fuzz-docker-{Environment.ProcessId}");
    private static readonly string[] Hosts = ["docker.io", "index.docker.io", "quay.io", "registry.example.com:5000", "localhost"];

    public static void Run(byte[] bytes)
    {
        System.IO.Directory.CreateDirectory(Directory);
        File.WriteAllBytes(Path.Combine(Directory, "config.json"), bytes);
        var config = DockerConfigFile.Load(name => name == "DOCKER_CONFIG" ? Directory : null, NullLogger.Instance);
        if (config is null || NamesHelpers(bytes))
        {
            return;
        }

        foreach (var host in Hosts)
        {
            var credential = config.FindAsync(host, CancellationToken.None).GetAwaiter().GetResult();
            Invariant.That(
                credential is null || credential.Password.Length < 4 || !credential.ToString().Contains(credential.Password, StringComparison.Ordinal)
                || credential.Username.Contains(credential.Password, StringComparison.Ordinal),
                $"{host}: the credential's text shows its password");
        }
    }

    private static bool NamesHelpers(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
            return document.RootElement.ValueKind != JsonValueKind.Object
                || document.RootElement.EnumerateObject().Any(p => p.NameEquals("credHelpers") || p.NameEquals("credsStore"));
        }
        catch (JsonException)
        {
            return true;
        }
    }
}
