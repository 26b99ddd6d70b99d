using GitStreamSync.Core.Edit;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using System.CommandLine;
using System.Globalization;
using System.Text;
using GitStreamSync.Adapters.Git;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// <c>gitstreamsync get istag STREAM:TAG [PATH|URL]</c>: the tag's status history, newest first, with
/// the items whose digest is rejected for that tag and what rejected it (issue 7). STREAM may be
/// <c>FILE#STREAM</c> when a name is used in more than one file. Exit 2 when the tag does not exist.
/// </summary>
internal static class GetCommand
{
    public static Command Create(CliContext context)
    {
        var kind = new Argument<string>("KIND") { Description = "What to get: istag" };
        var name = new Argument<string>("STREAM:TAG") { Description = "The tag, as STREAM:TAG or FILE#STREAM:TAG" };
        var location = new Argument<string>("PATH|URL") { Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => ".", Description = "Repository (default: the current folder)" };
        var command = new Command("get", "Show an ImageStream tag's history and which digests are rejected (get istag STREAM:TAG).") { kind, name, location };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = context.Start(parse);
            if (parse.GetValue(kind) is not ("istag" or "imagestreamtag"))
            {
                throw new CommandFailedException(ExitCodes.Usage, $"get: unsupported kind '{parse.GetValue(kind)}' (supported: istag)");
            }

            var (streamName, tag) = Split(parse.GetValue(name) ?? "");
            var place = SyncCommand.ResolveLocation(run.Environment, parse.GetValue(location) ?? ".");
            var options = new GitWorkspaceOptions { Credentials = GitCredentials.FromEnvironment(place, run.Environment.GetVariable) };
            using var workspace = await new LibGit2SharpWorkspaceFactory(options).OpenAsync(new WorkspaceRequest(place), cancellationToken).ConfigureAwait(false);
            var streams = ImageStreamReader.ReadRepository(workspace.ReadFiles(ImageStreamReader.IsCandidate)).Streams
                .Where(s => s.Name == streamName || s.DisplayName == streamName).ToList();
            var stream = streams.Count switch
            {
                0 => throw new CommandFailedException(ExitCodes.Usage, $"get: no ImageStream '{streamName}' in {workspace.DisplayLocation}"),
                1 => streams[0],
                _ => throw new CommandFailedException(ExitCodes.Usage, $"get: '{streamName}' is in {streams.Count} files; name it as FILE#STREAM ({string.Join(", ", streams.Select(s => s.DisplayName))})"),
            };
            if (stream.SpecTags.All(t => t.Name != tag) && stream.Status?.Tags.All(t => t.Tag != tag) != false)
            {
                throw new CommandFailedException(ExitCodes.Usage, $"get: ImageStream {stream.DisplayName} has no tag '{tag}'");
            }

            var github = PullRequestComposition.Connect(run, place, null);
            var listing = await PullRequestListing.ReadAsync(github is { HasCredentials: true } ? github : null, cancellationToken).ConfigureAwait(false);
            var rejections = await RollbackComposition.Create(run).FindAsync(workspace, CommitHistory.DefaultDepth, listing, cancellationToken).ConfigureAwait(false);
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

            await run.Out.WriteAsync(text.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static (string Stream, string Tag) Split(string value)
    {
        var colon = value.LastIndexOf(':');
        return colon > 0 && colon < value.Length - 1
            ? (value[..colon], value[(colon + 1)..])
            : throw new CommandFailedException(ExitCodes.Usage, $"get: '{value}' is not STREAM:TAG");
    }
}
