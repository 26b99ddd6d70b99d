using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitStreamSync.Testing.Registry;

/// <summary>How a <see cref="RegistryServer"/> authenticates and logs.</summary>
public sealed record RegistryServerOptions
{
    /// <summary>htpasswd Basic auth with one bcrypt user.</summary>
    public (string Username, string Password)? Htpasswd { get; init; }

    /// <summary>Bearer token auth: the registry trusts this issuer's JWTs.</summary>
    public TokenIssuer? Token { get; init; }

    /// <summary>Log every request (for counting); off by default because it costs time under load.</summary>
    public bool AccessLog { get; init; }

    /// <summary>
    /// Serve the storage of another (running or stopped) server instead of a fresh one: a second
    /// process over the same images, e.g. with the access log on for counting. Not deleted on dispose.
    /// </summary>
    public string? StorageDirectory { get; init; }

    /// <summary>
    /// A notifications endpoint (docker-registry's <c>notifications.endpoints</c>): every push is
    /// posted to this URL, with this Authorization header when given. The registry retries an
    /// endpoint that does not answer, so start the receiver before pushing.
    /// </summary>
    public (Uri Url, string? Authorization)? Notifications { get; init; }
}

/// <summary>
/// A real CNCF Distribution registry (Debian's <c>docker-registry</c>) on 127.0.0.1 and a free port,
/// with its own config (temp storage, delete enabled, fixed http.secret, log level warn, no proxy,
/// no notifications), started as a process of its own and stopped by its process id on dispose.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private readonly Process process;

    private RegistryServer(Process process, int port, string root, string storage)
    {
        this.process = process;
        Port = port;
        RootDirectory = root;
        StorageDirectory = storage;
    }

    public int Port { get; }
    public string HostPort => $"127.0.0.1:{Port}";
    public Uri BaseUri => new($"http://{HostPort}");
    public string RootDirectory { get; }
    public string LogPath => Path.Combine(RootDirectory, "registry.log");

    /// <summary>The folder holding the registry's blobs and manifests (another server can serve it too).</summary>
    public string StorageDirectory { get; }
    public int ProcessId => process.Id;

    public static async Task<RegistryServer> StartAsync(RegistryServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RegistryServerOptions();
        for (var attempt = 1; ; attempt++)
        {
            var root = Directory.CreateTempSubdirectory("gss-registry-").FullName;
            var port = FreePort();
            var config = await WriteConfigAsync(root, port, options, cancellationToken);
            var start = new ProcessStartInfo("/bin/sh", ["-c", "exec docker-registry serve \"$1\" >\"$2\" 2>&1 </dev/null", "sh", config, Path.Combine(root, "registry.log")])
            {
                UseShellExecute = false,
            };
            var process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
            var server = new RegistryServer(process, port, root, options.StorageDirectory ?? Path.Combine(root, "data"));
            if (await server.WaitUntilUpAsync(cancellationToken))
            {
                return server;
            }

            var log = File.Exists(server.LogPath) ? await File.ReadAllTextAsync(server.LogPath, cancellationToken) : "";
            await server.DisposeAsync();
            if (attempt >= 3 || !log.Contains("address already in use", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"docker-registry did not answer on {port}; log:\n{log}");
            }
        }
    }

    /// <summary>Requests in the access log (needs <see cref="RegistryServerOptions.AccessLog"/>), by method.</summary>
    public IReadOnlyDictionary<string, int> CountLoggedRequests()
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            // combined log format: ... "HEAD /v2/library/ubuntu/manifests/1.0.0 HTTP/1.1" 200 ...
            var quote = line.IndexOf('"', StringComparison.Ordinal);
            if (quote < 0 || !line.Contains(" /v2/", StringComparison.Ordinal))
            {
                continue;
            }

            var method = line[(quote + 1)..].Split(' ')[0];
            if (method is "GET" or "HEAD" or "POST" or "PUT" or "DELETE" or "PATCH")
            {
                counts[method] = counts.GetValueOrDefault(method) + 1;
            }
        }

        return counts;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
        try
        {
            Directory.Delete(RootDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<bool> WaitUntilUpAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var until = Stopwatch.StartNew();
        while (until.Elapsed < TimeSpan.FromSeconds(15))
        {
            if (process.HasExited)
            {
                return false;
            }

            try
            {
                using var answer = await client.GetAsync(new Uri(BaseUri, "/v2/"), cancellationToken);
                // The port was free when chosen, but another test's server may have been given it
                // before this registry bound it: only this registry's own answer counts.
                if (answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized
                    && answer.Headers.TryGetValues(InstanceHeader, out var instance)
                    && instance.Contains(Path.GetFileName(RootDirectory), StringComparer.Ordinal))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(50, cancellationToken);
        }

        return false;
    }

    // Set by each registry's configuration on every answer, naming its own folder.
    private const string InstanceHeader = "X-GitStreamSync-Registry";

    private static int FreePort() => Git.LoopbackPort.Pick();

    private static async Task<string> WriteConfigAsync(string root, int port, RegistryServerOptions options, CancellationToken cancellationToken)
    {
        var auth = new StringBuilder();
        if (options.Htpasswd is { } user)
        {
            var file = Path.Combine(root, "htpasswd");
            await File.WriteAllTextAsync(file, await HtpasswdLineAsync(user.Username, user.Password, cancellationToken), cancellationToken);
            auth.Append(CultureInfo.InvariantCulture, $"auth:\n  htpasswd:\n    realm: gitstreamsync-test\n    path: {file}\n");
        }
        else if (options.Token is { } issuer)
        {
            var bundle = Path.Combine(root, "token-root.pem");
            await File.WriteAllTextAsync(bundle, issuer.RootCertificatePem, cancellationToken);
            auth.Append(CultureInfo.InvariantCulture, $"auth:\n  token:\n    realm: {issuer.Realm}\n    service: {issuer.Service}\n    issuer: {issuer.Issuer}\n    rootcertbundle: {bundle}\n");
        }

        // No proxy (would need the internet), no notifications unless asked, no http.debug (a second listener);
        // a fixed secret signs upload URLs; delete enabled so tags can disappear.
        var config = $"""
            version: 0.1
            log:
              level: warn
              formatter: text
              accesslog:
                disabled: {(options.AccessLog ? "false" : "true")}
            storage:
              filesystem:
                rootdirectory: {options.StorageDirectory ?? Path.Combine(root, "data")}
              cache:
                blobdescriptor: inmemory
              delete:
                enabled: true
              redirect:
                disable: true
              maintenance:
                uploadpurging:
                  enabled: false
            http:
              addr: 127.0.0.1:{port}
              secret: gitstreamsync-loopback-only-secret
              headers:
                {InstanceHeader}: ["{Path.GetFileName(root)}"]
            health:
              storagedriver:
                enabled: false

            """ + auth + Notifications(options);
        var path = Path.Combine(root, "config.yml");
        await File.WriteAllTextAsync(path, config, cancellationToken);
        return path;
    }

    private static string Notifications(RegistryServerOptions options) => options.Notifications is not { } endpoint
        ? ""
        : $"""
            notifications:
              endpoints:
                - name: under-test
                  url: {endpoint.Url}
                  timeout: 2s
                  threshold: 3
                  backoff: 1s
            {(endpoint.Authorization is { } value ? $"      headers:\n        Authorization: [\"{value}\"]\n" : "")}
            """;

    private static async Task<string> HtpasswdLineAsync(string username, string password, CancellationToken cancellationToken)
    {
        // distribution accepts bcrypt entries only; the password goes through standard input, not argv.
        var start = new ProcessStartInfo("htpasswd", ["-niB", username]) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        using var htpasswd = Process.Start(start) ?? throw new InvalidOperationException("htpasswd (apache2-utils) did not start");
        await htpasswd.StandardInput.WriteLineAsync(password);
        htpasswd.StandardInput.Close();
        var line = await htpasswd.StandardOutput.ReadToEndAsync(cancellationToken);
        await htpasswd.WaitForExitAsync(cancellationToken);
        return htpasswd.ExitCode == 0 ? line.Trim() + "\n" : throw new InvalidOperationException("htpasswd failed");
    }
}
