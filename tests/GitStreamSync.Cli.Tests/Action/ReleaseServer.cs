using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using GitStreamSync.Testing.Registry;

namespace GitStreamSync.Cli.Tests.Action;

/// <summary>
/// GitHub's release downloads on loopback (<c>/download/TAG/ASSET</c>) and its release list
/// (<c>/api/releases</c>), holding releases whose Linux x64 archive is the tool this test run
/// built (the framework-dependent build of this test run; the release's is self-contained, unpacked the same way).
/// </summary>
internal sealed class ReleaseServer : IAsyncDisposable
{
    public const string Asset = "gitstreamsync-linux-x64.tar.gz";

    private static readonly Lazy<byte[]> BuiltTool = new(PackBuiltTool);
    private readonly Dictionary<string, byte[]> files = new(StringComparer.Ordinal);
    private readonly List<(string Tag, bool Prerelease)> releases = [];
    private readonly LoopbackHttpServer server;

    private ReleaseServer()
    {
        server = LoopbackHttpServer.Start(Answer);
    }

    /// <summary>What GITSTREAMSYNC_RELEASES_URL points at.</summary>
    public string DownloadUrl => $"{server.BaseUri}download";

    /// <summary>What GITSTREAMSYNC_RELEASES_API points at.</summary>
    public string ApiUrl => $"{server.BaseUri}api/releases";

    /// <summary>
    /// The Cli's own build output of this test run's configuration (the test folder lacks the
    /// packages the shared ASP.NET framework already brings); a RID-specific publish below it is
    /// not taken.
    /// </summary>
    public static string BuiltToolFolder { get; } =
        Path.Combine(RepositoryRoot.Path, "src", "GitStreamSync.Cli", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0");

    public IEnumerable<string> RequestedPaths => server.Requests.Select(r => r.Path);

    public static ReleaseServer Start() => new();

    /// <summary>A release with the built tool and a SHA256SUMS line for it; <paramref name="tamper"/> changes the archive after summing.</summary>
    public void AddRelease(string tag, bool prerelease = false, bool tamper = false)
    {
        var archive = BuiltTool.Value;
        var sums = $"{Convert.ToHexStringLower(SHA256.HashData(archive))}  {Asset}\n";
        files[$"/download/{tag}/SHA256SUMS"] = Encoding.UTF8.GetBytes(sums);
        files[$"/download/{tag}/{Asset}"] = tamper ? [.. archive.Take(archive.Length - 1), (byte)(archive[^1] ^ 0xff)] : archive;
        releases.Add((tag, prerelease));
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();

    private LoopbackResponse Answer(LoopbackRequest request)
    {
        if (request.Path == "/api/releases")
        {
            // Newest first, as GitHub lists them.
            var list = string.Join(",", Enumerable.Reverse(releases).Select(r => $$"""{"tag_name":"{{r.Tag}}","draft":false,"prerelease":{{(r.Prerelease ? "true" : "false")}}}"""));
            return LoopbackResponse.Text(200, $"[{list}]", ("Content-Type", "application/json"));
        }

        return files.TryGetValue(request.Path, out var body)
            ? LoopbackResponse.Bytes(200, body, ("Content-Type", "application/octet-stream"))
            : LoopbackResponse.Text(404, "Not Found");
    }

    /// <summary>The tool from this test run's output folder as a release archive: files at the top, executable bits kept.</summary>
    private static byte[] PackBuiltTool()
    {
        var folder = BuiltToolFolder;
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var tar = new TarWriter(gzip, TarEntryFormat.Pax))
        {
            var names = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(folder, f))
                .Where(f => !f.Contains('/', StringComparison.Ordinal) || f.StartsWith("runtimes/linux-x64/", StringComparison.Ordinal))
                .Where(f => !f.EndsWith(".pdb", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            foreach (var name in names)
            {
                tar.WriteEntry(Path.Combine(folder, name), name);
            }
        }

        return buffer.ToArray();
    }
}
