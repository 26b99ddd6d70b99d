using System.CommandLine;
using System.CommandLine.Help;
using GitStreamSync.Adapters.Secrets;
using GitStreamSync.Cli.Output;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli;

/// <summary>
/// Builds the command tree, parses, runs the chosen command and maps run-level failures to exit
/// codes. This is the one place where exceptions from commands are caught.
/// </summary>
internal static class CliApplication
{
    public const string ToolName = "gitstreamsync";

    /// <summary>Help is wrapped at a fixed width so that it reads the same in every terminal and in the golden files.</summary>
    public const int HelpWidth = 100;

    public static Command BuildRoot(CliEnvironment environment) => BuildRoot(environment, new CommonOptions(), CommandCatalog.Factories);

    private static Command BuildRoot(CliEnvironment environment, CommonOptions options, IEnumerable<Func<CliContext, Command>> factories)
    {
        var context = new CliContext(environment, options);

        // A plain Command rather than RootCommand: RootCommand takes its name from the host
        // process, which is "testhost" under the test runner.
        var root = new Command(ToolName, "Keeps OpenShift ImageStream files in Git resolved to image digests, through pull requests.");
        root.Options.Add(new HelpOption { Action = new Output.ExamplesHelp() });
        root.Options.Add(new VersionOption());
        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }

        foreach (var factory in factories)
        {
            root.Subcommands.Add(factory(context));
        }

        root.Subcommands.Add(Completion.CompletionCommand.CreateHidden(context, () => root));
        options.Output.CompletionSources.Add(Completion.OutputFormats.For);
        options.LogLevel.CompletionSources.Add("trace", "debug", "information", "warning", "error", "none");
        options.LogFormat.CompletionSources.Add("text", "json");
        return root;
    }

    public static Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment, CancellationToken cancellationToken) =>
        RunAsync(args, environment, CommandCatalog.Factories, cancellationToken);

    /// <summary>Runs with a chosen command list (tests use it to check the failure handling with commands of their own).</summary>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        CliEnvironment environment,
        IEnumerable<Func<CliContext, Command>> factories,
        CancellationToken cancellationToken)
    {
        // Every line the run writes is masked of the secrets it reads; GitHub Actions is told them first.
        var (rawOut, rawError) = (environment.Out, environment.Error);
        var secrets = SecretSanitizer.FromEnvironment(environment.Variables);
        using var maskedOut = new SecretMaskingWriter(rawOut, secrets);
        using var maskedError = new SecretMaskingWriter(rawError, secrets);
        environment = environment with { Out = maskedOut, Error = maskedError, Secrets = secrets };
        var options = new CommonOptions();
        var root = BuildRoot(environment, options, factories);
        // No response files: "@hourly" and the other cron macros are values, not files to read.
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var errors = parse.Errors.Select(error => error.Message).Concat(UsageSuggestions.Errors(parse)).ToList();
        if (errors.Count > 0)
        {
            foreach (var error in errors.Concat(UsageSuggestions.ForUnmatched(parse)))
            {
                await environment.Error.WriteLineAsync($"{ToolName}: {error}").ConfigureAwait(false);
            }

            await environment.Error.WriteLineAsync($"Run '{ToolName} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (environment.IsGitHubActions)
        {
            // On stdout, where the runner reads workflow commands, unless stdout carries a document
            // another program reads (-o json, yaml, ...): the runner reads stderr as well.
            // A secret obtained later (a credential helper's, a GitHub App's installation token) is
            // registered when it is obtained, before anything could print it.
            var commands = parse.GetValue(options.Output) is null or "table" ? maskedOut : maskedError;
            secrets.Learned += value => commands.WriteCommand(GitHubAnnotation.AddMask(value));
            foreach (var value in secrets.Values)
            {
                commands.WriteCommand(GitHubAnnotation.AddMask(value));
            }
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parse.InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            var debug = options.ReadLogLevelOrDefault(parse) <= LogLevel.Debug;
            await environment.Error.WriteLineAsync($"{ToolName}: {FailureReport.Describe(exception, withTrace: debug)}").ConfigureAwait(false);
            if (debug)
            {
                await environment.Error.WriteLineAsync(exception.ToString()).ConfigureAwait(false);
            }

            return FailureReport.ExitCodeFor(exception);
        }
    }
}
