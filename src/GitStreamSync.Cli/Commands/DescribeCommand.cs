using GitStreamSync.Core.Read;
using GitStreamSync.Core.Show;
using System.CommandLine;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// <c>gitstreamsync describe is NAME [PATH|URL]</c>: the stream in the layout of <c>oc describe is</c>,
/// then the digests rejected in Git and how to release them. Exit 2 when the stream does not exist.
/// </summary>
internal static class DescribeCommand
{
    private const string Description = "Describe an ImageStream as oc describe is would, read from Git, with the digests rejected in Git and how to release them.";

    private const string Examples =
        "  gitstreamsync describe is python\n"
        + "  gitstreamsync describe is imagestreams/base-images.yaml#ubi9 https://github.com/org/images.git";

    public static Command Create(CliContext context)
    {
        var kind = new Argument<string>("KIND") { HelpName = "KIND", Description = "is (imagestream)" };
        var name = new Argument<string>("NAME") { HelpName = "NAME", Description = "The stream, as NAME or FILE#NAME" };
        var location = new Argument<string>("PATH|URL") { Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => ".", Description = "Repository: a folder, a working copy or a URL (default: the current folder)" };
        Completion.RepositoryCompletions.AddKinds(kind, name, "is");
        Completion.RepositoryCompletions.AddNames(name, context.Environment, _ => "is");
        var command = new Output.CommandWithExamples("describe", Description, Examples) { kind, name, location };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = context.Start(parse);
            if (parse.GetValue(kind) is not ("is" or "imagestream" or "imagestreams"))
            {
                throw new UsageException($"describe: unsupported kind '{parse.GetValue(kind)}' (supported: is)");
            }

            var where = parse.GetValue(location) ?? ".";
            using var workspace = await RepositoryReading.OpenAsync(run, where, cancellationToken).ConfigureAwait(false);
            var settings = RepositoryReading.ReadSettings(run, workspace);
            var (streams, _) = StoredStream.ReadAll(RepositoryReading.ReadStreamFiles(workspace, settings));
            var stream = GetCommand.Single(streams, parse.GetValue(name) ?? "", workspace);
            var rejections = await GetCommand.RejectionsAsync(run, SyncCommand.ResolveLocation(run.Environment, where), workspace, cancellationToken).ConfigureAwait(false);
            var text = ImageStreamDescription.Describe(stream, rejections, run.Time.GetUtcNow());
            await run.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
