using System.CommandLine;
using System.CommandLine.Help;
using System.Runtime.CompilerServices;
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

    public static Command BuildRoot(CliEnvironment environment) => BuildRoot(environment, new CommonOptions(), CommandCatalog.Factories, whole: true, helpAndVersion: true);

    /// <summary>
    /// The root with the commands of <paramref name="factories"/>. Only the whole tree (<paramref name="whole"/>)
    /// has the hidden completion command, which offers every command; without <paramref name="helpAndVersion"/>
    /// the root has no help and version options.
    /// </summary>
    private static Command BuildRoot(CliEnvironment environment, CommonOptions options, IEnumerable<Func<CliContext, Command>> factories, bool whole, bool helpAndVersion)
    {
        var context = new CliContext(environment, options);

        // A plain Command rather than RootCommand: RootCommand takes its name from the host
        // process, which is "testhost" under the test runner.
        var root = new Command(ToolName, "Keeps OpenShift ImageStream files in Git resolved to image digests, through pull requests.");
        if (helpAndVersion)
        {
            root.Options.Add(new HelpOption { Action = new Output.ExamplesHelp() });
            root.Options.Add(new VersionOption());
        }

        foreach (var option in options.All)
        {
            root.Options.Add(option);
        }

        foreach (var factory in factories)
        {
            root.Subcommands.Add(factory(context));
        }

        if (whole)
        {
            root.Subcommands.Add(Completion.CompletionCommand.CreateHidden(context, () => root));
        }

        options.Output.CompletionSources.Add(Completion.OutputFormats.For);
        options.LogLevel.CompletionSources.Add("trace", "debug", "information", "warning", "error", "none");
        options.LogFormat.CompletionSources.Add("text", "json");
        return root;
    }

    public static Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment, CancellationToken cancellationToken) =>
        VersionOnly.Matches(args)
            ? Task.FromResult(VersionOnly.Run(environment))
            : RunWithEveryCommandAsync(args, environment, cancellationToken);

    // A method of its own, so that compiling the caller does not load the parser's assembly (the
    // command factories' types) for --version alone.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<int> RunWithEveryCommandAsync(IReadOnlyList<string> args, CliEnvironment environment, CancellationToken cancellationToken) =>
        RunAsync(args, environment, CommandCatalog.Factories, cancellationToken);

    /// <summary>
    /// Parses with a tree of only the commands named on the command line (none for <c>--version</c>):
    /// building all of them, each with its options, was most of the start-up of a short command.
    /// That parse is kept when it chose the version or a named command's own action, which the whole
    /// tree would have chosen too (the commands left out are named nowhere on the line); anything
    /// else (an error, help, no command, completion) is parsed again with the whole tree, so that
    /// help, suggestions and messages are the same as ever.
    /// </summary>
    private static (CommonOptions Options, ParseResult Parse) Parse(IReadOnlyList<string> args, CliEnvironment environment, IEnumerable<Func<CliContext, Command>> factories)
    {
        // No response files: "@hourly" and the other cron macros are values, not files to read.
        var configuration = new ParserConfiguration { ResponseFileTokenReplacer = null };
        if (ReferenceEquals(factories, CommandCatalog.Factories))
        {
            var named = CommandCatalog.NamedIn(args);
            var partOptions = new CommonOptions();
            var part = BuildRoot(environment, partOptions, named, whole: false, helpAndVersion: MayAskForHelpOrVersion(args));
            var partParse = part.Parse(args, configuration);
            if (IsSettled(partParse, part))
            {
                return (partOptions, partParse);
            }
        }

        var options = new CommonOptions();
        var root = BuildRoot(environment, options, factories, whole: true, helpAndVersion: true);
        return (options, root.Parse(args, configuration));
    }

    /// <summary>
    /// Whether a word could be the help or version option, alone or among bundled short options
    /// (<c>-oh</c>). Without one, the tree of the named commands is built without those two options:
    /// they match no word, so the parse is the same, and making them reads the parser's localised
    /// texts, a visible part of the start-up of a short command such as <c>validate</c>.
    /// </summary>
    internal static bool MayAskForHelpOrVersion(IReadOnlyList<string> args)
    {
        foreach (var arg in args)
        {
            if (arg is "--help" or "--version"
                || (arg.Length >= 2 && (arg[0] == '/' || (arg[0] == '-' && arg[1] != '-')) && (arg.Contains('h', StringComparison.Ordinal) || arg.Contains('?', StringComparison.Ordinal))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsSettled(ParseResult parse, Command root)
    {
        if (parse.Errors.Count > 0 || parse.Action is null)
        {
            return false;
        }

        var command = parse.CommandResult.Command;
        return command == root
            ? root.Options.OfType<VersionOption>().SingleOrDefault() is { } version && parse.Action == version.Action
            : parse.Action == command.Action && !UsageSuggestions.Errors(parse).Any();
    }

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
        var (options, parse) = Parse(args, environment, factories);
        var errors = parse.Errors.Select(error => error.Message).Concat(UsageSuggestions.Errors(parse)).ToList();
        if (errors.Count > 0)
        {
            IEnumerable<string> lines = UsageSuggestions.UnknownCommand(parse) is { } unknown ? [unknown] : errors.Concat(UsageSuggestions.ForUnmatched(parse));
            foreach (var error in lines)
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
