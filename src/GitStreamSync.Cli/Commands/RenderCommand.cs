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
    /// <summary>Where <c>-o DIR</c> puts the workloads folder's files, under their own relative paths.</summary>
    public const string WorkloadsFolder = "workloads";

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
        stream.CompletionSources.Add(completion => Completion.RepositoryCompletions.For(context.Environment, "is", completion.WordToComplete));
        var allowMissing = new Option<bool>("--allow-missing") { Description = "Exit 0 even when some tags have no reviewed digest (they are still reported and left out)" };
        var workloads = new Option<string?>("--workloads")
        {
            Description = "Also pin the images of the Deployments, StatefulSets, DaemonSets, Jobs, CronJobs and Pods in this folder that carry image.openshift.io/triggers or name STREAM:TAG of a stream with lookupPolicy.local; written to DIR/workloads/ with -o, else printed after --format openshift",
            HelpName = "DIR",
        };
        var command = new Output.CommandWithExamples("render", RenderHelp.Description, RenderHelp.Examples) { location, format, stream, allowMissing, workloads };
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

            var workloadFiles = ReadWorkloads(run, parse.GetValue(workloads));
            if (workloadFiles is not null && run.Settings.Output is null && chosen != RenderFormat.OpenShift)
            {
                throw new UsageException("render: --workloads prints the workloads after --format openshift; with another format give -o DIR");
            }

            using var workspace = await RepositoryReading.OpenAsync(run, parse.GetValue(location) ?? ".", cancellationToken).ConfigureAwait(false);
            var settings = RepositoryReading.ReadSettings(run, workspace);
            var result = RenderStage.Render(new RenderRequest(RepositoryReading.ReadStreamFiles(workspace, settings), chosen, parse.GetValue(stream)) { Workloads = workloadFiles });
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

                foreach (var file in result.Workloads)
                {
                    var target = Path.Combine(directory, WorkloadsFolder, file.Name);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    await File.WriteAllTextAsync(target, file.Text, cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                var text = result.ToStandardOutput() + string.Concat(result.Workloads.Where(f => result.WorkloadFiles.Contains(f.Name)).Select(f => "---\n" + f.Text));
                await run.Out.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            foreach (var problem in result.Problems)
            {
                await run.Error.WriteLineAsync($"{CliApplication.ToolName}: {problem}").ConfigureAwait(false);
            }

            foreach (var missing in result.Missing)
            {
                await run.Error.WriteLineAsync($"{CliApplication.ToolName}: {missing}; left out").ConfigureAwait(false);
            }

            foreach (var unpinned in result.Unpinned)
            {
                await run.Error.WriteLineAsync($"{CliApplication.ToolName}: {unpinned}").ConfigureAwait(false);
            }

            return result.Problems.Count > 0 ? ExitCodes.Usage
                : result.Missing.Count + result.Unpinned.Count > 0 && !parse.GetValue(allowMissing) ? ExitCodes.TagsFailed
                : ExitCodes.Success;
        });
        return command;
    }

    private static IReadOnlyList<SourceFile>? ReadWorkloads(CommandRun run, string? folder)
    {
        if (folder is null)
        {
            return null;
        }

        var path = run.Environment.ResolvePath(folder);
        if (!Directory.Exists(path))
        {
            throw new UsageException($"render: --workloads {folder}: no such folder");
        }

        var read = new Adapters.Files.RepositoryFileSource(path).Read(ImageStreamReader.IsCandidate);
        return read.Problems.Count > 0
            ? throw new UsageException($"render: --workloads: {read.Problems[0]}")
            : read.Files;
    }
}
