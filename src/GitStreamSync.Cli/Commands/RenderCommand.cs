using GitStreamSync.Core.Read;
using GitStreamSync.Core.Render;
using System.CommandLine;

namespace GitStreamSync.Cli.Commands;

/// <summary>
/// <c>gitstreamsync render [PATH|URL] --format openshift|kustomize|images [-o DIR] [--stream NAME]</c>:
/// the digests reviewed in Git, in a form the cluster side consumes. <c>oc apply</c> drops
/// <c>status</c>, so without this the reviewed digests reach no workload. Tags without a reviewed
/// digest are reported on stderr and left out (exit 1 unless <c>--allow-missing</c>).
/// </summary>
internal static class RenderCommand
{
    public static Command Create(CliContext context)
    {
        var location = new Argument<string>("PATH|URL")
        {
            Description = "Repository: a folder, a working copy, a bare repository or an http(s)/file:// URL (default: the current folder)",
            Arity = ArgumentArity.ZeroOrOne,
            DefaultValueFactory = _ => ".",
        };
        var format = new Option<string>("--format")
        {
            Description = "openshift: the ImageStreams pinned to the reviewed digests, without status; kustomize: a kustomization Component with an images: list; images: STREAM:TAG<TAB>REFERENCE@DIGEST lines",
            HelpName = "openshift|kustomize|images",
            Required = true,
        };
        var stream = new Option<string?>("--stream") { Description = "Only this ImageStream (NAME or FILE#NAME)", HelpName = "NAME" };
        var allowMissing = new Option<bool>("--allow-missing") { Description = "Exit 0 even when some tags have no reviewed digest (they are still reported and left out)" };
        var command = new Command("render", RenderHelp.Description) { location, format, stream, allowMissing };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = context.Start(parse);
            RenderFormat chosen;
            try
            {
                chosen = RenderFormats.Parse(parse.GetValue(format) ?? "");
            }
            catch (RenderFormatException ex)
            {
                throw new UsageException($"render: {ex.Message}", ex);
            }

            using var workspace = await RepositoryReading.OpenAsync(run, parse.GetValue(location) ?? ".", cancellationToken).ConfigureAwait(false);
            var result = RenderStage.Render(new RenderRequest(workspace.ReadFiles(ImageStreamReader.IsCandidate), chosen, parse.GetValue(stream)));
            if (result.StreamCount == 0 && result.Problems.Count == 0)
            {
                throw new UsageException(parse.GetValue(stream) is { } name
                    ? $"render: no ImageStream '{name}' in {workspace.DisplayLocation}"
                    : $"render: no ImageStream in {workspace.DisplayLocation}");
            }

            if (run.Settings.Output is { } folder)
            {
                var directory = run.Environment.ResolvePath(folder);
                Directory.CreateDirectory(directory);
                foreach (var file in result.Files)
                {
                    await File.WriteAllTextAsync(Path.Combine(directory, file.Name), file.Text, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await run.Out.WriteAsync(result.ToStandardOutput().AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            foreach (var problem in result.Problems)
            {
                await run.Error.WriteLineAsync($"{CliApplication.ToolName}: {problem}").ConfigureAwait(false);
            }

            foreach (var missing in result.Missing)
            {
                await run.Error.WriteLineAsync($"{CliApplication.ToolName}: {missing}; left out").ConfigureAwait(false);
            }

            return result.Problems.Count > 0 ? ExitCodes.Usage
                : result.Missing.Count > 0 && !parse.GetValue(allowMissing) ? ExitCodes.TagsFailed
                : ExitCodes.Success;
        });
        return command;
    }
}
