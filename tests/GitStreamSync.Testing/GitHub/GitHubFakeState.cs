namespace GitStreamSync.Testing.GitHub;

/// <summary>What the GitHub fake stores. Every member is read and written under <see cref="GitHubFake.Gate"/>.</summary>
public sealed class GitHubFakeRepository(long id, string owner, string name, string defaultBranch)
{
    public long Id { get; } = id;
    public string Owner { get; } = owner;
    public string Name { get; } = name;
    public string FullName => $"{Owner}/{Name}";
    public string DefaultBranch { get; } = defaultBranch;

    /// <summary>Branches GitHub knows; null means any head or base is accepted (the Git server is elsewhere).</summary>
    public HashSet<string>? Branches { get; set; }

    /// <summary>Logins that may be asked for review or assigned; empty means anyone.</summary>
    public HashSet<string> Collaborators { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Slugs of the owner organisation's teams that may be asked for review; empty means any slug.</summary>
    public HashSet<string> Teams { get; } = new(StringComparer.OrdinalIgnoreCase);

    public List<GitHubFakePullRequest> PullRequests { get; } = [];
    public Dictionary<string, GitHubFakeLabel> Labels { get; } = new(StringComparer.OrdinalIgnoreCase);
}

public sealed class GitHubFakePullRequest
{
    public required long Id { get; init; }
    public required int Number { get; init; }
    public required string Head { get; init; }

    /// <summary>The repository the head branch lives in (<c>owner/name</c>); null: the base repository. A fork's pull request names another.</summary>
    public string? HeadRepository { get; init; }
    public required string Base { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }
    public bool Draft { get; init; }
    public required string Author { get; init; }
    public string State { get; set; } = "open";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? MergedAt { get; set; }
    public List<GitHubFakeLabel> Labels { get; } = [];
    public List<string> RequestedReviewers { get; } = [];
    public List<string> RequestedTeams { get; } = [];
    public List<string> Assignees { get; } = [];
    public List<GitHubFakeComment> Comments { get; } = [];
}

public sealed record GitHubFakeLabel(long Id, string Name, string Color);

public sealed record GitHubFakeComment(long Id, string Author, string Body, DateTimeOffset CreatedAt);

/// <summary>
/// A token the fake accepts, acting as <see cref="Login"/>. <see cref="Repositories"/> null: every repository;
/// <see cref="CanWrite"/> false answers writes with 403. An <see cref="Installation"/> token (a GitHub App's,
/// or the Actions <c>GITHUB_TOKEN</c>, which is the github-actions App's) acts for a bot that has no user
/// account, so <c>GET /user</c> answers it 403 "Resource not accessible by integration", as GitHub does.
/// </summary>
public sealed record GitHubFakeToken(string Value, string Login, bool CanWrite = true, IReadOnlySet<string>? Repositories = null, bool Installation = false);

/// <summary>A GitHub App: JWTs signed by the private key matching <see cref="PublicKeyPem"/> and naming <see cref="AppId"/> are accepted.</summary>
public sealed record GitHubFakeApp(long AppId, string Slug, string PublicKeyPem, long InstallationId, IReadOnlySet<string> Repositories);

/// <summary>A scripted answer: the next <see cref="Times"/> requests matching method and path get it instead of the real one.</summary>
public sealed record GitHubFakeFault(string Method, string PathPrefix, int Status, string Body, IReadOnlyDictionary<string, string>? Headers = null)
{
    public int Times { get; set; } = 1;

    public string ContentType { get; init; } = "application/json; charset=utf-8";
}

/// <summary>One request as the fake received it; <see cref="Path"/> is relative to the API root (no <c>/api/v3</c>).</summary>
public sealed record GitHubFakeRequest(string Method, string Path, string Query, string? Authorization, string? ContentType, string Body, int Status);
