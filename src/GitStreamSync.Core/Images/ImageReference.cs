using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace GitStreamSync.Core.Images;

/// <summary>
/// A Docker image reference <c>[host[:port]/]path[:tag][@digest]</c> exactly as written: no defaults
/// are applied at parse time (library-go <c>reference.Parse</c>). <see cref="ToContact"/> applies
/// Docker Hub's defaults for talking to a registry; <see cref="WithDigest"/> forms the pull spec
/// OpenShift records.
/// </summary>
public sealed partial record ImageReference
{
    public const int MaxNameLength = 255;

    private ImageReference(string? registry, string path, string? tag, Digest? digest)
    {
        Registry = registry;
        Path = path;
        Tag = tag;
        Digest = digest;
    }

    /// <summary><c>host[:port]</c> as written, or null when the reference names none (Docker Hub).</summary>
    public string? Registry { get; }

    /// <summary>The repository path after the registry, as written (<c>ubuntu</c>, <c>org/app</c>).</summary>
    public string Path { get; }

    public string? Tag { get; }
    public Digest? Digest { get; }

    /// <summary>Registry and path as written: the repository name without tag or digest.</summary>
    public string Name => Registry is null ? Path : $"{Registry}/{Path}";

    public static ImageReference Parse(string text) =>
        TryParse(text, out var reference, out var error) ? reference : throw new ImageReferenceFormatException(text, error);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference) => TryParse(text, out reference, out _);

    public static bool TryParse(string? text, [NotNullWhen(true)] out ImageReference? reference, out string error)
    {
        reference = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "an image reference is empty";
            return false;
        }

        var match = ReferencePattern().Match(text);
        if (!match.Success)
        {
            error = ExplainMismatch(text);
            return false;
        }

        var name = match.Groups["name"].Value;
        if (name.Length > MaxNameLength)
        {
            error = $"repository name must not be more than {MaxNameLength} characters";
            return false;
        }

        Digest? digest = null;
        if (match.Groups["digest"].Success && !Digest.TryParse(match.Groups["digest"].Value, out digest, out var digestError))
        {
            error = digestError;
            return false;
        }

        var (registry, path) = SplitRegistry(name);
        if (!TryCheckRepository(text, registry, path, out error))
        {
            return false;
        }

        var tag = match.Groups["tag"].Success ? match.Groups["tag"].Value : null;
        reference = new ImageReference(registry, path, tag, digest);
        error = "";
        return true;
    }

    /// <summary>
    /// The pull spec OpenShift records in <c>dockerImageReference</c>: the name as written, the
    /// tag dropped, <c>@digest</c> appended (semantics doc 2.8).
    /// </summary>
    public ImageReference WithDigest(Digest digest) => new(Registry, Path, null, digest);

    /// <summary>Where and what to ask: Docker Hub defaults applied (semantics doc 3, <c>DockerClientDefaults</c>).</summary>
    public RegistryContact ToContact()
    {
        var host = Registry ?? DockerHub.Host;
        var reference = Digest?.ToString() ?? Tag ?? "latest";
        return new RegistryContact(host, DockerHub.EndpointFor(host), DockerHub.RepositoryFor(host, Path), reference);
    }

    public override string ToString()
    {
        var text = Name;
        if (Tag is not null)
        {
            text += ":" + Tag;
        }

        if (Digest is not null)
        {
            text += "@" + Digest;
        }

        return text;
    }

    private static (string? Registry, string Path) SplitRegistry(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return (null, name);
        }

        var first = name[..slash];
        var isRegistry = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
        return isRegistry ? (first, name[(slash + 1)..]) : (null, name);
    }

    /// <summary>
    /// Checks the name once the registry is split off. The grammar alone lets a first component
    /// pass as a host, so <c>Foo/bar</c> would slip through with an uppercase Docker Hub user
    /// (distribution's own FIXME in reference_test.go); library-go counts a lone component with a
    /// dot or a <c>localhost</c> prefix as a registry, which names no image at all.
    /// </summary>
    private static bool TryCheckRepository(string text, string? registry, string path, out string error)
    {
        if (registry is null && !path.Contains('/', StringComparison.Ordinal)
            && (path.Contains('.', StringComparison.Ordinal) || path.StartsWith("localhost", StringComparison.Ordinal)))
        {
            error = $"'{text}' names a registry but no repository: expected HOST/NAME (a Docker Hub image with a dot in its name is written docker.io/NAME)";
            return false;
        }

        if (!PathPattern().IsMatch(path))
        {
            error = PathPattern().IsMatch(path.ToLowerInvariant())
                ? "repository name must be lowercase"
                : "invalid reference format: expected [HOST[:PORT]/]NAME[:TAG][@DIGEST] with a lowercase name";
            return false;
        }

        // normalize.go: a bare 64-hex name is an image ID, not a Docker Hub repository.
        if (registry is null && path.Length == 64 && path.All(char.IsAsciiHexDigitLower))
        {
            error = $"'{path}' looks like an image ID; write a repository name, or docker.io/{path} if it really is one";
            return false;
        }

        error = "";
        return true;
    }

    private static string ExplainMismatch(string text)
    {
        if (text.Contains("://", StringComparison.Ordinal))
        {
            return "an image reference has no URL scheme: write HOST/NAME[:TAG] without 'https://'";
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        var withoutDigest = at >= 0 ? text[..at] : text;
        if (at >= 0 && !Digest.TryParse(text[(at + 1)..], out _, out var digestError))
        {
            return digestError;
        }

        var lastSlash = withoutDigest.LastIndexOf('/');
        var colon = withoutDigest.IndexOf(':', lastSlash + 1);
        var name = colon >= 0 ? withoutDigest[..colon] : withoutDigest;
        var (registry, path) = SplitRegistry(name);
        if (path.Any(char.IsUpper) && LowercaseNamePattern().IsMatch(name.ToLowerInvariant()))
        {
            return "repository name must be lowercase";
        }

        if (colon >= 0 && !TagPattern().IsMatch(withoutDigest[(colon + 1)..]))
        {
            return $"invalid tag '{withoutDigest[(colon + 1)..]}': a tag is up to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'";
        }

        return registry is not null && !HostPattern().IsMatch(registry)
            ? $"invalid registry host '{registry}'"
            : "invalid reference format: expected [HOST[:PORT]/]NAME[:TAG][@DIGEST] with a lowercase name";
    }

    // distribution/reference grammar (regexp.go), written out once:
    //   path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := [_.] | __ | -+
    //   domain := (label (. label)* | [ipv6]) (:port)?, label := [a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?
    //   tag := [\w][\w.-]{0,127} with ASCII \w; digest checked by Digest.TryParse
    private const string PathComponent = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
    private const string DomainLabel = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private const string Host = "(?:" + DomainLabel + "(?:\\." + DomainLabel + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?";
    // Go's \w is ASCII; .NET's would also admit other scripts' letters.
    private const string TagGrammar = "[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}";
    private const string NamePattern = "(?:" + Host + "/)?" + PathComponent + "(?:/" + PathComponent + ")*";

    [GeneratedRegex("^(?<name>" + NamePattern + ")(?::(?<tag>" + TagGrammar + "))?(?:@(?<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();

    [GeneratedRegex("^" + NamePattern + "$", RegexOptions.CultureInvariant)]
    private static partial Regex LowercaseNamePattern();

    [GeneratedRegex("^" + PathComponent + "(?:/" + PathComponent + ")*$", RegexOptions.CultureInvariant)]
    private static partial Regex PathPattern();

    [GeneratedRegex("^" + TagGrammar + "$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex("^" + Host + "$", RegexOptions.CultureInvariant)]
    private static partial Regex HostPattern();
}

/// <summary>
/// A reference with Docker's defaults applied, for contacting a registry: <see cref="Host"/> as the
/// user named it (docker.io when none), <see cref="EndpointHost"/> the host to connect to
/// (registry-1.docker.io for Docker Hub), <see cref="Repository"/> with <c>library/</c> for
/// single-component Docker Hub names, and <see cref="Reference"/> the digest, tag or <c>latest</c>.
/// </summary>
public sealed record RegistryContact(string Host, string EndpointHost, string Repository, string Reference)
{
    /// <summary>docker.io/library/ubuntu:16.04, the normalized form OpenShift puts in messages.</summary>
    public string Normalized => Reference.Contains(':', StringComparison.Ordinal) ? $"{Host}/{Repository}@{Reference}" : $"{Host}/{Repository}:{Reference}";
}

public sealed class ImageReferenceFormatException(string reference, string reason)
    : FormatException($"invalid image reference '{reference}': {reason}")
{
    public string Reference { get; } = reference;
    public string Reason { get; } = reason;
}
