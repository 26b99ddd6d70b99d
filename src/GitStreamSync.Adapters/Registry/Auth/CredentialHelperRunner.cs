using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using GitStreamSync.Adapters.Secrets;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.Registry.Auth;

/// <summary>
/// Runs <c>docker-credential-&lt;name&gt; get</c> (the Docker credential helper protocol): the server
/// URL on standard input, <c>{"ServerURL","Username","Secret"}</c> on standard output. A Username
/// of <c>&lt;token&gt;</c> means the secret is an identity token. The secret is given to
/// <paramref name="secrets"/> as soon as it is read, so that it is masked (and under GitHub Actions
/// registered with <c>::add-mask::</c>) before anything could print it.
/// </summary>
internal sealed partial class CredentialHelperRunner(Func<string, string?> environment, ILogger logger, SecretSanitizer? secrets = null)
{
    private static readonly TimeSpan HelperTimeout = TimeSpan.FromSeconds(20);

    public async Task<RegistryCredential?> GetAsync(string helper, string serverUrl, CancellationToken cancellationToken)
    {
        if (!HelperName().IsMatch(helper))
        {
            logger.LogWarning("credential helper name '{Helper}' is not valid; ignored", helper);
            return null;
        }

        var executable = Find($"docker-credential-{helper}");
        if (executable is null)
        {
            logger.LogWarning("credential helper docker-credential-{Helper} not found on PATH", helper);
            return null;
        }

        var start = new ProcessStartInfo(executable, ["get"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(HelperTimeout);
        try
        {
            await process.StandardInput.WriteAsync(serverUrl);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            _ = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var text = await output;
            if (process.ExitCode != 0)
            {
                // The helper's output is not logged: a misbehaving helper might print a secret.
                logger.LogDebug("docker-credential-{Helper} has no credentials for {Server} (exit {Code})", helper, serverUrl, process.ExitCode);
                return null;
            }

            return Parse(text, helper);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            logger.LogWarning("docker-credential-{Helper} did not answer within {Seconds} s", helper, HelperTimeout.TotalSeconds);
            return null;
        }
    }

    private RegistryCredential? Parse(string text, string helper)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var username = root.TryGetProperty("Username", out var u) ? u.GetString() ?? "" : "";
            var secret = root.TryGetProperty("Secret", out var s) ? s.GetString() ?? "" : "";
            if (secret.Length == 0)
            {
                return null;
            }

            secrets?.Learn(secret);

            var source = $"docker-credential-{helper}";
            return username == "<token>"
                ? new RegistryCredential("", "", identityToken: secret) { Source = source }
                : new RegistryCredential(username, secret) { Source = source };
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            logger.LogWarning("docker-credential-{Helper} answered with something that is not JSON credentials", helper);
            return null;
        }
    }

    private string? Find(string name)
    {
        var path = environment("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex HelperName();
}
