using System.Diagnostics;
using System.Globalization;

namespace GitStreamSync.Testing.Git;

/// <summary>Requests of the smart-HTTP protocol a test can hold (<see cref="GitHttpServer.Hold"/>).</summary>
public enum GitRequestKind
{
    /// <summary>The pack a clone or fetch asks for (POST git-upload-pack).</summary>
    UploadPack,

    /// <summary>The first request of a push: the server's refs (GET info/refs?service=git-receive-pack).</summary>
    ReceivePackAdvertisement,

    /// <summary>The push itself, with its pack (POST git-receive-pack).</summary>
    ReceivePack,
}

public enum GitHttpAuth
{
    /// <summary>Basic auth for pushes only; clone and fetch are anonymous.</summary>
    Push,

    /// <summary>Basic auth for every request.</summary>
    All,

    /// <summary>No auth at all (repositories then need http.receivepack).</summary>
    None,
}

/// <summary>
/// A smart-HTTP Git server on 127.0.0.1: lighttpd running <c>git http-backend</c> through mod_cgi,
/// configured per instance in its own temp folder (see shared test-infrastructure doc). It runs in
/// the foreground as a child of the test, which kills exactly that process on dispose.
/// </summary>
public sealed class GitHttpServer : IDisposable
{
    public const string DefaultUser = "gitbot";
    public const string DefaultPassword = "s3cret-Pa55";

    private readonly TemporaryDirectory state;
    private readonly Process process;

    private GitHttpServer(TemporaryDirectory state, Process process, int port, string user, string password)
    {
        this.state = state;
        this.process = process;
        Port = port;
        User = user;
        Password = password;
    }

    public int Port { get; }
    public string User { get; }
    public string Password { get; }

    /// <summary>The folder holding the bare repositories the server serves.</summary>
    public string Root => Path.Combine(state.Path, "repos");

    public string BaseUrl => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/git";

    /// <param name="keepAliveIdleSeconds">How long lighttpd keeps an idle connection open before it closes it (its default: 5).</param>
    public static GitHttpServer Start(GitHttpAuth auth = GitHttpAuth.Push, string user = DefaultUser, string password = DefaultPassword, int keepAliveIdleSeconds = 5)
    {
        var lighttpd = File.Exists("/usr/sbin/lighttpd") ? "/usr/sbin/lighttpd" : "lighttpd";
        var backend = Path.Combine(GitCli.Run("/", "--exec-path").Trim(), "git-http-backend");
        if (!File.Exists(backend))
        {
            throw new InvalidOperationException($"git-http-backend not found at {backend}");
        }

        var state = new TemporaryDirectory("githttp");
        try
        {
            Directory.CreateDirectory(Path.Combine(state.Path, "repos"));
            Directory.CreateDirectory(Path.Combine(state.Path, "www"));
            Directory.CreateDirectory(Path.Combine(state.Path, "tmp"));
            File.WriteAllText(Path.Combine(state.Path, "passwd"), $"{user}:{password}\n");
            var port = LoopbackPort.Pick();
            var config = Path.Combine(state.Path, "lighttpd.conf");
            File.WriteAllText(config, LighttpdConfig(state.Path, port, LoggingBackend(state.Path, backend), auth, keepAliveIdleSeconds));

            var start = new ProcessStartInfo(lighttpd)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("-D");
            start.ArgumentList.Add("-f");
            start.ArgumentList.Add(config);
            var process = Process.Start(start) ?? throw new InvalidOperationException("lighttpd did not start");
            process.StandardOutput.ReadToEndAsync();
            process.StandardError.ReadToEndAsync();
            if (!LoopbackPort.WaitUntilListening(port, TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                process.Dispose();
                var log = Path.Combine(state.Path, "error.log");
                throw new InvalidOperationException($"lighttpd did not listen on {port}: {(File.Exists(log) ? File.ReadAllText(log) : "no log")}");
            }

            return new GitHttpServer(state, process, port, user, password);
        }
        catch
        {
            state.Dispose();
            throw;
        }
    }

    /// <summary>Creates a bare repository NAME.git on the server, seeded with <paramref name="files"/> on <paramref name="branch"/>.</summary>
    public string CreateRepository(string name, IReadOnlyDictionary<string, string>? files = null, string branch = "main")
    {
        var path = RepositoryPath(name);
        GitCli.InitBare(path, branch, files);
        GitCli.Run(path, "config", "http.receivepack", "true");
        return Url(name);
    }

    /// <summary>Creates a bare repository NAME.git as a copy of every ref in <paramref name="sourceDirectory"/> (a folder of files committed once).</summary>
    public string CreateRepositoryFromFolder(string name, string sourceDirectory, string branch = "main")
    {
        var files = Directory.EnumerateFiles(sourceDirectory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(sourceDirectory, f).Replace('\\', '/'), File.ReadAllText);
        return CreateRepository(name, files, branch);
    }

    public string Url(string name) => $"{BaseUrl}/{name}.git";

    public string RepositoryPath(string name) => Path.Combine(Root, name + ".git");

    /// <summary>Installs a pre-receive hook that refuses every push with <paramref name="message"/>.</summary>
    public void RefusePushes(string name, string message = "pushes are frozen")
    {
        var hook = Path.Combine(RepositoryPath(name), "hooks", "pre-receive");
        File.WriteAllText(hook, $"#!/bin/sh\necho '{message}' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The commit id of <paramref name="branch"/> on the server, or null when the branch does not exist.</summary>
    public string? BranchTip(string name, string branch) => GitCli.RevParse(RepositoryPath(name), $"refs/heads/{branch}");

    /// <summary>
    /// The requests that reached git http-backend, one line each (method, path and query), written
    /// before it answers; used to prove what was (not) sent. lighttpd's own access log is not used
    /// for this: it is flushed only every few seconds, so a check right after a run misses lines.
    /// </summary>
    public IReadOnlyList<string> BackendRequests()
    {
        var log = Path.Combine(state.Path, "requests.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    /// <summary>Each request that reached git http-backend as "METHOD PATH USER-AGENT", written before it answers.</summary>
    public IReadOnlyList<string> BackendUserAgents()
    {
        var log = Path.Combine(state.Path, "agents.log");
        return File.Exists(log) ? File.ReadAllLines(log) : [];
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                // SIGKILL: lighttpd needs ~2 s to exit after SIGTERM and holds no state worth saving.
                process.Kill();
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
        state.Dispose();
    }

    /// <summary>
    /// Holds every later request of <paramref name="kind"/> before git http-backend sees it, until the
    /// returned handle is disposed: a client can then be stopped at a chosen point of a clone, fetch
    /// or push (the request has been sent; nothing of it has been answered or stored yet).
    /// </summary>
    public IDisposable Hold(GitRequestKind kind)
    {
        var file = HoldFile(kind);
        File.Delete(file + ".reached");
        File.Delete(file + ".done");
        File.WriteAllText(file, "");
        return new Release(file);
    }

    /// <summary>Waits (bounded) until a request of <paramref name="kind"/> is being held.</summary>
    public Task<bool> WaitUntilHeldAsync(GitRequestKind kind, TimeSpan timeout) => WaitForFileAsync(HoldFile(kind) + ".reached", timeout);

    /// <summary>Waits (bounded) until the held request of <paramref name="kind"/> is over: answered after its release, or ended with its client.</summary>
    public Task<bool> WaitUntilHeldRequestEndedAsync(GitRequestKind kind, TimeSpan timeout) => WaitForFileAsync(HoldFile(kind) + ".done", timeout);

    private static async Task<bool> WaitForFileAsync(string file, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!File.Exists(file))
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            await Task.Delay(25);
        }

        return true;
    }

    private string HoldFile(GitRequestKind kind) => Path.Combine(state.Path, "hold", kind switch
    {
        GitRequestKind.UploadPack => "POST-git-upload-pack-",
        GitRequestKind.ReceivePackAdvertisement => "GET-refs-git-receive-pack",
        GitRequestKind.ReceivePack => "POST-git-receive-pack-",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    });

    private sealed class Release(string file) : IDisposable
    {
        public void Dispose() => File.Delete(file);
    }

    /// <summary>
    /// A CGI script that notes each request in requests.log, waits while a hold file for its kind
    /// (method, last path segment, service) exists, then runs git http-backend in its place.
    /// </summary>
    private static string LoggingBackend(string state, string backend)
    {
        var script = Path.Combine(state, "git-http-backend.sh");
        Directory.CreateDirectory(Path.Combine(state, "hold"));
        File.WriteAllText(script, $$"""
            #!/bin/sh
            printf '%s %s?%s\n' "$REQUEST_METHOD" "$PATH_INFO" "$QUERY_STRING" >> '{{state}}/requests.log'
            printf '%s %s %s\n' "$REQUEST_METHOD" "$PATH_INFO" "$HTTP_USER_AGENT" >> '{{state}}/agents.log'
            hold="{{state}}/hold/$REQUEST_METHOD-${PATH_INFO##*/}-${QUERY_STRING#service=}"
            if [ -e "$hold" ]; then
              # Whether the client is gone (lighttpd then sends TERM) or the hold is released, say when this request is over.
              trap 'exit 143' TERM HUP INT PIPE
              trap ': > "$hold.done"' EXIT
              : > "$hold.reached"
              while [ -e "$hold" ]; do sleep 0.05; done
              '{{backend}}'
              exit $?
            fi
            exec '{{backend}}'

            """);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return script;
    }

    private static string LighttpdConfig(string state, int port, string backend, GitHttpAuth auth, int keepAliveIdleSeconds)
    {
        const string AuthBlock = "auth.require = ( \"\" => ( \"method\" => \"basic\", \"realm\" => \"git\", \"require\" => \"valid-user\" ) )";
        var authConfig = auth switch
        {
            GitHttpAuth.Push => $"$HTTP[\"querystring\"] =~ \"service=git-receive-pack\" {{ {AuthBlock} }}\n$HTTP[\"url\"] =~ \"^/git/.*/git-receive-pack$\" {{ {AuthBlock} }}\n",
            GitHttpAuth.All => $"$HTTP[\"url\"] =~ \"^/git/\" {{ {AuthBlock} }}\n",
            _ => "",
        };
        return $$"""
            server.modules = ( "mod_alias", "mod_setenv", "mod_auth", "mod_authn_file", "mod_cgi", "mod_accesslog" )
            server.bind          = "127.0.0.1"
            server.port          = {{port.ToString(CultureInfo.InvariantCulture)}}
            server.document-root = "{{state}}/www"
            server.upload-dirs   = ( "{{state}}/tmp" )
            server.errorlog      = "{{state}}/error.log"
            accesslog.filename   = "{{state}}/access.log"
            # libgit2 pushes chunked; a CGI needs CONTENT_LENGTH, so lighttpd must buffer (else HTTP 411).
            server.stream-request-body  = 0
            server.stream-response-body = 2
            server.max-request-size = 0
            server.max-keep-alive-idle = {{keepAliveIdleSeconds.ToString(CultureInfo.InvariantCulture)}}
            # libgit2 replays bad credentials; without this every replay waits a second.
            server.feature-flags += ( "auth.delay-invalid-creds" => "disable" )
            auth.backend = "plain"
            auth.backend.plain.userfile = "{{state}}/passwd"
            alias.url = ( "/git" => "{{backend}}" )
            $HTTP["url"] =~ "^/git" {
              cgi.assign = ( "" => "" )
              setenv.set-environment = (
                "GIT_PROJECT_ROOT"    => "{{state}}/repos",
                "GIT_HTTP_EXPORT_ALL" => "1",
                "PATH"                => "/usr/local/bin:/usr/bin:/bin",
                "HOME"                => "{{state}}",
                "GIT_CONFIG_COUNT"    => "1",
                "GIT_CONFIG_KEY_0"    => "safe.directory",
                "GIT_CONFIG_VALUE_0"  => "*"
              )
            }
            {{authConfig}}
            """;
    }
}
