using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using GitStreamSync.Core.Show;
using System.CommandLine;
using System.Globalization;
using System.Text;
using GitStreamSync.Adapters.Git;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// <c>gitstreamsync get is|istag|isimage [NAME] [PATH|URL]</c>: what <c>oc get</c> would answer,
/// read from Git. <c>get istag STREAM:TAG</c> shows the tag's status history, newest first, with
/// the items whose digest is rejected and what rejected it. STREAM may be <c>FILE#STREAM</c> when a
/// name is used in more than one file. Exit 2 when the stream or tag does not exist.
/// </summary>
internal static class GetCommand
{

    public static Command Create(CliContext context)
    {
        var kind = new Argument<string>("KIND") { HelpName = "KIND", Description = "is (imagestream), istag (imagestreamtag) or isimage (imagestreamimage)" };
        var rest = new Argument<string[]>("NAME PATH|URL")
        { HelpName = "NAME PATH|URL",
            Arity = new ArgumentArity(0, 2),
            Description = "is: [NAME]; istag: [STREAM[:TAG]]; isimage: STREAM@DIGEST; then the repository (a folder, working copy or URL; default: the current folder)",
        };
        var selector = new Option<string?>("--selector", "-l") { Description = "Only streams whose labels match (k=v, k!=v, k, !k; comma means and)", HelpName = "SELECTOR" };
        // The kind is completed while it is the word being typed; NAME only as the first word after
        // it (the repository after NAME is a path the shell completes).
        Completion.RepositoryCompletions.AddKinds(kind, rest, "is", "istag", "isimage");
        Completion.RepositoryCompletions.AddNames(
            rest,
            context.Environment,
            completion => completion.ParseResult.GetResult(kind)?.Tokens is [var typed, ..] ? typed.Value : "is",
            completion => completion.ParseResult.GetResult(rest)?.Tokens.Count == 1);
        var allNamespaces = new Option<bool>("--all-namespaces", "-A") { Description = "As oc get -A: a NAMESPACE column first (every namespace is listed either way; -n chooses one)" };
        var inNamespace = new Option<string?>("--namespace", "-n") { Description = "Only streams whose metadata.namespace is NAMESPACE", HelpName = "NAMESPACE" };
        inNamespace.CompletionSources.Add(completion => Completion.RepositoryCompletions.For(context.Environment, "namespace", completion.WordToComplete));
        var command = new Output.CommandWithExamples("get", GetHelp.Description, GetHelp.Examples) { kind, rest, selector, allNamespaces, inNamespace };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = context.Start(parse);
            var what = parse.GetValue(kind) switch
            {
                "is" or "imagestream" or "imagestreams" => "is",
                "istag" or "imagestreamtag" or "imagestreamtags" => "istag",
                "isimage" or "imagestreamimage" or "imagestreamimages" => "isimage",
                var other => throw new UsageException($"get: unsupported kind '{other}' (supported: is, istag, isimage)"),
            };
            var format = ParseFormat(run.Settings.OutputOrDefault("table", "wide", "yaml", "json", "name"));
            var (name, location) = SplitArguments(parse.GetValue(rest) ?? [], run.Environment);
            if (name is null && what == "isimage")
            {
                throw new UsageException("get isimage: give STREAM@DIGEST");
            }

            LabelSelector? labels;
            try
            {
                labels = parse.GetValue(selector) is { } selectorText ? LabelSelector.Parse(selectorText) : null;
            }
            catch (LabelSelectorFormatException ex)
            {
                throw new UsageException($"get: {ex.Message}", ex);
            }

            using var workspace = await RepositoryReading.OpenAsync(run, location, cancellationToken).ConfigureAwait(false);
            var place = SyncCommand.ResolveLocation(run.Environment, location);
            var (streams, _) = StoredStream.ReadAll(RepositoryReading.ReadStreamFiles(workspace, RepositoryReading.ReadSettings(run, workspace)));
            var onlyNamespace = parse.GetValue(inNamespace);
            streams = streams.Where(s => labels?.Matches(s.Labels) != false && (onlyNamespace is null || s.Document.Namespace == onlyNamespace)).ToList();
            var namespaceColumn = parse.GetValue(allNamespaces);
            var now = run.Time.GetUtcNow();
            if (streams.Count == 0 && name is null && format is ViewFormat.Table or ViewFormat.Wide)
            {
                // As oc: an empty listing is a line on stderr, not a header with no rows.
                await run.Error.WriteLineAsync(onlyNamespace is null ? "No resources found." : $"No resources found in {onlyNamespace} namespace.").ConfigureAwait(false);
                return ExitCodes.Success;
            }

            var text = what switch
            {
                "is" => ImageStreamView.Render(name is null ? streams : [Single(streams, name, workspace)], format, now, namespaceColumn),
                "istag" => await TagsAsync(run, place, workspace, streams, name, format, now, namespaceColumn, cancellationToken).ConfigureAwait(false),
                _ => await ImageAsync(run, place, workspace, streams, name!, format, now, cancellationToken).ConfigureAwait(false),
            };
            await run.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static ViewFormat ParseFormat(string text) => text switch
    {
        "wide" => ViewFormat.Wide,
        "yaml" => ViewFormat.Yaml,
        "json" => ViewFormat.Json,
        "name" => ViewFormat.Name,
        _ => ViewFormat.Table,
    };

    /// <summary>
    /// NAME and PATH|URL are both optional: a lone argument is the repository when it looks like
    /// one (a URL, a path with '/', '.', or an existing folder), since stream names hold no '/'.
    /// </summary>
    private static (string? Name, string Location) SplitArguments(string[] values, CliEnvironment environment) => values switch
    {
        [] => (null, "."),
        [var only] when only.Contains('/', StringComparison.Ordinal) || only is "." or ".."
            || Directory.Exists(environment.ResolvePath(only)) => (null, only),
        [var only] => (only, "."),
        [var first, var second] => (first, second),
        _ => throw new UsageException("get: too many arguments"),
    };

    internal static StoredStream Single(IReadOnlyList<StoredStream> streams, string name, IRepositoryWorkspace workspace)
    {
        var found = streams.Where(s => s.Document.Name == name || s.Document.DisplayName == name).ToList();
        return found.Count switch
        {
            0 => throw new CommandFailedException(ExitCodes.Usage, $"get: no ImageStream '{name}' in {workspace.DisplayLocation}"
                + (UsageSuggestions.Nearest(name, streams.Select(s => s.Document.Name)) is { } near ? $"; did you mean '{near}'?" : "")),
            1 => found[0],
            _ => throw new CommandFailedException(ExitCodes.Usage, $"get: '{name}' is in {found.Count} files; name it as FILE#STREAM ({string.Join(", ", found.Select(s => s.Document.DisplayName))})"),
        };
    }

    private static async Task<string> TagsAsync(CommandRun run, string place, IRepositoryWorkspace workspace, IReadOnlyList<StoredStream> streams, string? name, ViewFormat format, DateTimeOffset now, bool namespaceColumn, CancellationToken cancellationToken)
    {
        if (name is null || !name.Contains(':', StringComparison.Ordinal))
        {
            var chosen = name is null ? streams : [Single(streams, name, workspace)];
            return ImageStreamTagView.Render(chosen.SelectMany(StreamTagEntry.Of).ToList(), format, now, namespaceColumn);
        }

        var (streamName, tag) = Split(name);
        var stream = Single(streams, streamName, workspace);
        var entry = StreamTagEntry.Of(stream).FirstOrDefault(t => t.Tag == tag)
            ?? throw new CommandFailedException(ExitCodes.Usage, $"get: ImageStream {stream.Document.DisplayName} has no tag '{tag}'");
        return format == ViewFormat.Table
            ? History(stream.Document, tag, await RejectionsAsync(run, place, workspace, cancellationToken).ConfigureAwait(false))
            : ImageStreamTagView.Render([entry], format, now);
    }

    private static async Task<string> ImageAsync(CommandRun run, string place, IRepositoryWorkspace workspace, IReadOnlyList<StoredStream> streams, string name, ViewFormat format, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || !Digest.TryParse(name[(at + 1)..], out var digest))
        {
            throw new UsageException($"get: '{name}' is not STREAM@DIGEST (sha256:<64 hex digits>)");
        }

        var stream = Single(streams, name[..at], workspace);
        var found = ImageStreamImageView.Find(stream, digest!, await RejectionsAsync(run, place, workspace, cancellationToken).ConfigureAwait(false));
        return found.Count == 0
            ? throw new CommandFailedException(ExitCodes.Usage, $"get: no tag of ImageStream {stream.Document.DisplayName} has held {digest}")
            : ImageStreamImageView.Render(stream, digest!, found, format, now);
    }

    /// <summary>
    /// Rejected digests come from history; a plain folder has none. Only the tool's closed pull
    /// requests reject, so the settings' ownership rule (<c>pullRequests.author</c>, the branch
    /// root) decides which closed pull requests count, as it does for sync.
    /// </summary>
    internal static async Task<RejectionSet> RejectionsAsync(CommandRun run, string place, IRepositoryWorkspace workspace, CancellationToken cancellationToken)
    {
        if (workspace is Adapters.Files.FolderWorkspace)
        {
            return RejectionSet.Empty;
        }

        var github = PullRequestComposition.Connect(run, place, null);
        var settings = RepositoryOpening.ReadConfig(workspace, SyncCommand.ReadConfigFile(run), Adapters.Files.RepositoryConfigFile.FindTimeZone);
        var listing = await PullRequestListing.ReadAsync(github is { HasCredentials: true } ? github : null, settings.PullRequests.Ownership, cancellationToken).ConfigureAwait(false);
        return await RollbackComposition.Create(run).FindAsync(workspace, settings.HistoryDepth, listing, cancellationToken).ConfigureAwait(false);
    }

    private static string History(ImageStreamDocument stream, string tag, RejectionSet rejections)
    {
        var key = new TagKey(stream.FilePath, stream.Name, tag);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{stream.DisplayName}:{tag}\n");
        text.Append("CREATED               IMAGE                    REFERENCE / REJECTED\n");
        foreach (var item in stream.Status?.Tags.FirstOrDefault(t => t.Tag == tag)?.Items ?? [])
        {
            var rejected = Digest.TryParse(item.Image, out var digest) ? rejections.Find(key, digest) : null;
            text.Append(item.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append("  ")
                .Append((digest?.Abbreviated ?? "(none)").PadRight(23)).Append("  ").Append(item.DockerImageReference).Append('\n');
            if (rejected is not null)
            {
                text.Append("                      rejected: ").Append(rejected.Source).Append('\n');
            }
        }

        foreach (var other in rejections.For(key).Where(r => stream.Status?.Tags.FirstOrDefault(t => t.Tag == tag)?.Items.All(i => i.Image != r.Digest.ToString()) != false))
        {
            text.Append(CultureInfo.InvariantCulture, $"rejected, not in history: {other.Digest} ({other.Source})\n");
        }

        return text.ToString();
    }

    private static (string Stream, string Tag) Split(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && colon < value.Length - 1
            ? (value[..colon], value[(colon + 1)..])
            : throw new CommandFailedException(ExitCodes.Usage, $"get: '{value}' is not STREAM:TAG");
    }
}
