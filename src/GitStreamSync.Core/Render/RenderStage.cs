using GitStreamSync.Core.Read;
using GitStreamSync.Core.Read.Yaml;

namespace GitStreamSync.Core.Render;

/// <summary>
/// Turns the ImageStreams of a repository into what the cluster consumes, pinned to the digests
/// that were reviewed in Git: the status every merged pull request (or revert) left behind.
/// </summary>
internal static class RenderStage
{
    public const string KustomizationFile = "kustomization.yaml";
    public const string ImageListFile = "images.txt";

    public static RenderResult Render(RenderRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<Problem>();
        var streams = new List<(ParsedStream Parsed, string Text)>();
        foreach (var file in request.Files.Where(f => ImageStreamReader.IsCandidate(f.Path)).OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var parsed = ImageStreamReader.Parse(file);
            problems.AddRange(parsed.Problems);
            streams.AddRange(parsed.Streams
                .Where(s => request.Stream is null || s.Document.Name == request.Stream || s.Document.DisplayName == request.Stream)
                .Select(s => (s, file.Text)));
        }

        var reviewed = new List<ReviewedTag>();
        var missing = new List<MissingDigest>();
        var files = new List<RenderedFile>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (parsed, text) in streams)
        {
            var (found, unknown) = ReviewedDigestFinder.Find(parsed.Document);
            reviewed.AddRange(found);
            missing.AddRange(unknown);
            if (request.Format == RenderFormat.OpenShift)
            {
                var extension = parsed.Document.Format == DocumentFormat.Json ? ".json" : ".yaml";
                var body = OpenShiftStreamWriter.Write(parsed, text, found);
                files.Add(new RenderedFile(UniqueName(parsed.Document, extension, names), body.EndsWith('\n') ? body : body + "\n"));
            }
        }

        var local = streams.ToDictionary(s => s.Parsed.Document, s => LooksUpLocally(s.Parsed.Node));
        switch (request.Format)
        {
            case RenderFormat.Kustomize:
                files.Add(new RenderedFile(KustomizationFile, KustomizeComponentWriter.Write(reviewed, stream => local[stream])));
                break;
            case RenderFormat.Images:
                files.Add(new RenderedFile(ImageListFile, ImageListWriter.Write(reviewed)));
                break;
        }

        var result = new RenderResult(request.Format, files, missing, problems, streams.Count);
        return request.Workloads is { } workloads ? WithWorkloads(result, workloads, reviewed, streams.Where(s => local[s.Parsed.Document]).Select(s => s.Parsed.Document)) : result;
    }

    private static RenderResult WithWorkloads(RenderResult result, IReadOnlyList<SourceFile> workloads, IReadOnlyList<ReviewedTag> reviewed, IEnumerable<ImageStreamDocument> localLookup)
    {
        var sources = new WorkloadImageSources(reviewed, localLookup.ToHashSet());
        var files = new List<RenderedFile>();
        var holding = new HashSet<string>(StringComparer.Ordinal);
        var unpinned = new List<Problem>();
        foreach (var file in workloads.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var (text, problems) = WorkloadImageRewriter.Rewrite(file, sources);
            unpinned.AddRange(problems);
            files.Add(new RenderedFile(file.Path, text ?? file.Text));
            if (text is not null)
            {
                holding.Add(file.Path);
            }
        }

        return result with { Workloads = files, WorkloadFiles = holding, Unpinned = unpinned };
    }

    /// <summary><c>spec.lookupPolicy.local: true</c>: workloads of the namespace may name the stream's tags as images.</summary>
    internal static bool LooksUpLocally(YamlNode stream) =>
        YamlNode.ScalarText(stream.Get("spec")?.Get("lookupPolicy")?.Get("local")) is "true" or "True" or "TRUE";

    // One file per stream, named after it; a name used twice (other namespace, other file) gets the namespace, then a number.
    private static string UniqueName(ImageStreamDocument stream, string extension, HashSet<string> taken)
    {
        string[] candidates = [stream.Name, $"{stream.Namespace ?? "default"}-{stream.Name}"];
        foreach (var candidate in candidates.Concat(Enumerable.Range(2, int.MaxValue - 2).Select(n => $"{stream.Name}-{n}")))
        {
            if (taken.Add(candidate + extension))
            {
                return candidate + extension;
            }
        }

        throw new InvalidOperationException("unreachable: names are endless");
    }
}
