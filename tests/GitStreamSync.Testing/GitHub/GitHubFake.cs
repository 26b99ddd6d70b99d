using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Testing.GitHub;

/// <summary>
/// A stateful GitHub REST API on loopback (Kestrel on 127.0.0.1, a port the OS picks). It answers the
/// routes Octokit calls under <c>/api/v3/</c> (where Octokit sends every host but github.com) with
/// GitHub's documented shapes and errors, reads bodies as JSON whatever their Content-Type (Octokit
/// labels them <c>application/x-www-form-urlencoded</c>, and GitHub accepts that), stores repositories,
/// pull requests, labels and comments, and records every request. Faults are scripted with <see cref="FailNext"/>.
/// A reviewer's merge is GitHub's <c>PUT /repos/{owner}/{repo}/pulls/{number}/merge</c> (tests/demo.sh calls it).
/// </summary>
public sealed partial class GitHubFake : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<GitHubFakeRequest> _requests = [];
    private readonly List<GitHubFakeFault> _faults = [];
    private readonly Dictionary<string, GitHubFakeToken> _tokens = new(StringComparer.Ordinal);
    private readonly List<GitHubFakeApp> _apps = [];
    private readonly Dictionary<string, GitHubFakeRepository> _repositories = new(StringComparer.OrdinalIgnoreCase);
    private long _nextId = 1000;

    private GitHubFake(WebApplication app, Uri baseUrl, TimeProvider time)
    {
        _app = app;
        BaseUrl = baseUrl;
        Time = time;
    }

    /// <summary>Guards all state: Kestrel serves requests on several threads.</summary>
    public Lock Gate { get; } = new();

    /// <summary>The server's root, what a user would give as <c>--github-api-url</c> for a GitHub Enterprise host.</summary>
    public Uri BaseUrl { get; }

    public Uri ApiUrl => new(BaseUrl, "api/v3/");

    /// <summary>What html_url values point at, as github.com would.</summary>
    public Uri WebUrl => new(BaseUrl, "web/");

    public TimeProvider Time { get; }

    /// <summary>Called inside the lock just before a pull request is created (to stage a race with another run).</summary>
    public Action<GitHubFakeRepository, string>? BeforeCreatePullRequest { get; set; }

    public IReadOnlyList<GitHubFakeRequest> Requests
    {
        get
        {
            lock (Gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<GitHubFake> StartAsync(TimeProvider? time = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        GitHubFake? fake = null;
        app.Run(context => fake!.HandleAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake = new GitHubFake(app, new Uri(address.TrimEnd('/') + "/"), time ?? TimeProvider.System);
        return fake;
    }

    public GitHubFakeRepository AddRepository(string owner, string name, string defaultBranch = "main")
    {
        lock (Gate)
        {
            var repo = new GitHubFakeRepository(NextId(), owner, name, defaultBranch);
            _repositories[repo.FullName] = repo;
            return repo;
        }
    }

    public GitHubFakeRepository Repository(string fullName)
    {
        lock (Gate)
        {
            return _repositories[fullName];
        }
    }

    public void AddToken(GitHubFakeToken token)
    {
        lock (Gate)
        {
            _tokens[token.Value] = token;
        }
    }

    public void AddApp(GitHubFakeApp app)
    {
        lock (Gate)
        {
            _apps.Add(app);
        }
    }

    /// <summary>
    /// When set, a 401 for an unknown token repeats the request's Authorization header in its message,
    /// as it came, without its scheme, in base64 and URL-encoded, as a misconfigured proxy or
    /// GitHub Enterprise front end may do.
    /// </summary>
    public bool EchoRefusedAuthorization { get; set; }

    private static string EchoOf(string authorization)
    {
        var value = authorization.Contains(' ', StringComparison.Ordinal) ? authorization[(authorization.IndexOf(' ', StringComparison.Ordinal) + 1)..] : authorization;
        return $"Bad credentials. You sent \"Authorization: {authorization}\"\nvalue={value}\nbase64={Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(value))}\nescaped={Uri.EscapeDataString(value)}";
    }

    /// <summary>The next <paramref name="times"/> requests with this method and a path starting with <paramref name="pathPrefix"/> get this answer.</summary>
    public void FailNext(string method, string pathPrefix, int status, string message, IReadOnlyDictionary<string, string>? headers = null, int times = 1)
    {
        lock (Gate)
        {
            _faults.Add(new GitHubFakeFault(method, pathPrefix, status, GitHubFakeJson.Error(message), headers) { Times = times });
        }
    }

    /// <summary>
    /// The next <paramref name="times"/> requests with this method and path prefix get <paramref name="body"/> as it is, with
    /// <paramref name="contentType"/>: what a proxy in front of GitHub sends (an HTML error page, say).
    /// </summary>
    public void FailNextWithBody(string method, string pathPrefix, int status, string body, string contentType, int times = 1)
    {
        lock (Gate)
        {
            _faults.Add(new GitHubFakeFault(method, pathPrefix, status, body) { ContentType = contentType, Times = times });
        }
    }

    /// <summary>A snapshot of the open and closed pull requests of a repository.</summary>
    public IReadOnlyList<GitHubFakePullRequest> PullRequests(string fullName)
    {
        lock (Gate)
        {
            return [.. _repositories[fullName].PullRequests];
        }
    }

    /// <summary>
    /// Opens a pull request as a person would, in the browser: <paramref name="author"/> is its creator
    /// (<c>user.login</c>), and <paramref name="headRepository"/> (<c>owner/name</c>) names a fork the head
    /// branch lives in (null: the repository itself). Returns its number.
    /// </summary>
    public int OpenPullRequest(string fullName, string head, string baseBranch, string title, string? body, string author, string? headRepository = null)
    {
        lock (Gate)
        {
            var repo = _repositories[fullName];
            var now = Time.GetUtcNow();
            var pr = new GitHubFakePullRequest
            {
                Id = NextId(),
                Number = repo.PullRequests.Count + 1,
                Head = head,
                HeadRepository = headRepository,
                Base = baseBranch,
                Title = title,
                Body = body,
                Author = author,
                CreatedAt = now,
                UpdatedAt = now,
            };
            repo.PullRequests.Add(pr);
            return pr.Number;
        }
    }

    /// <summary>Closes a pull request as a person would (not merged), for rollback tests.</summary>
    public void ClosePullRequest(string fullName, int number, bool merged = false)
    {
        lock (Gate)
        {
            var pr = _repositories[fullName].PullRequests.Single(p => p.Number == number);
            var now = Time.GetUtcNow();
            pr.State = "closed";
            pr.ClosedAt = now;
            pr.MergedAt = merged ? now : null;
            pr.UpdatedAt = now;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private long NextId() => ++_nextId;

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var path = context.Request.Path.Value ?? "/";
        var answer = path.StartsWith("/api/v3/", StringComparison.Ordinal)
            ? Answer(context.Request.Method, path["/api/v3".Length..], context.Request.Query, context.Request.Headers.Authorization.ToString(), body)
            : GitHubFakeAnswer.NotFound();

        lock (Gate)
        {
            _requests.Add(new GitHubFakeRequest(
                context.Request.Method,
                path.StartsWith("/api/v3/", StringComparison.Ordinal) ? path["/api/v3".Length..] : path,
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.Authorization.Count > 0 ? context.Request.Headers.Authorization.ToString() : null,
                context.Request.ContentType,
                body,
                answer.Status));
        }

        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = answer.ContentType;
        context.Response.Headers["X-GitHub-Media-Type"] = "github.v3; format=json";
        foreach (var (name, value) in answer.Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (answer.Body.Length > 0)
        {
            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
        }
    }
}

/// <summary>Status, headers and JSON body of one answer.</summary>
internal sealed record GitHubFakeAnswer(int Status, string Body, IReadOnlyDictionary<string, string> Headers)
{
    public string ContentType { get; init; } = "application/json; charset=utf-8";

    public static GitHubFakeAnswer Json(int status, string body, IReadOnlyDictionary<string, string>? headers = null) =>
        new(status, body, headers ?? new Dictionary<string, string>());

    public static GitHubFakeAnswer NotFound() => Json(404, GitHubFakeJson.Error("Not Found"));
}
