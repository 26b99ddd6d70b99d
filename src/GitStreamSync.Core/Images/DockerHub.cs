namespace GitStreamSync.Core.Images;

/// <summary>
/// Docker Hub's names, in one place: a reference without a host means <c>docker.io</c>; the same
/// registry also answers to <c>index.docker.io</c> and <c>registry-1.docker.io</c>, is contacted at
/// <c>registry-1.docker.io</c>, keeps official images under <c>library/</c>, and is keyed in
/// Docker's <c>config.json</c> by its historical v1 index URL. Settings, credentials and rate
/// limits given for any of its names apply to all of them.
/// </summary>
internal static class DockerHub
{
    /// <summary>The name references and settings use.</summary>
    public const string Host = "docker.io";

    /// <summary>The host the Distribution API is served from, and whose answers carry the pull budget.</summary>
    public const string EndpointHost = "registry-1.docker.io";

    /// <summary>Docker's <c>config.json</c> key and credential-helper server URL for Docker Hub.</summary>
    public const string ConfigServerUrl = "https://index.docker.io/v1/";

    private const string OfficialPrefix = "library/";

    /// <summary>Every name Docker Hub goes by, the settings name first.</summary>
    public static IReadOnlyList<string> HostNames { get; } = [Host, "index.docker.io", EndpointHost];

    public static bool IsDockerHub(string host) =>
        HostNames.Contains(host, StringComparer.OrdinalIgnoreCase);

    /// <summary>A host as settings compare it: lower case, and <c>docker.io</c> for any of Docker Hub's names.</summary>
    public static string CanonicalHost(string host) =>
        IsDockerHub(host) ? Host : host.ToLowerInvariant();

    /// <summary>The host to connect to for a host named in a reference.</summary>
    public static string EndpointFor(string host) =>
        IsDockerHub(host) ? EndpointHost : host;

    /// <summary>The repository to ask for: a single-component Docker Hub name is an official image under <c>library/</c>.</summary>
    public static string RepositoryFor(string host, string path) =>
        IsDockerHub(host) && !path.Contains('/', StringComparison.Ordinal) ? OfficialPrefix + path : path;
}
