using System.CommandLine;

namespace GitStreamSync.Cli.Completion;

/// <summary>
/// <c>completion bash|zsh|fish|pwsh</c> prints the shell's completion script; the hidden
/// <c>__complete LINE</c> prints the candidates for a command line cut at the cursor: commands,
/// options, option values, and the stream and tag names of the repository in the current folder.
/// </summary>
internal static class CompletionCommand
{
    public const string HiddenName = "__complete";

    private const string Examples =
        "  source <(gitstreamsync completion bash)              in ~/.bashrc\n"
        + "  source <(gitstreamsync completion zsh)               in ~/.zshrc\n"
        + "  gitstreamsync completion fish | source               in ~/.config/fish/config.fish\n"
        + "  gitstreamsync completion pwsh | Out-String | Invoke-Expression   in $PROFILE";

    public static Command Create(CliContext context)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh, fish or pwsh" };
        shell.AcceptOnlyFromAmong([.. CompletionScripts.Shells]);
        var command = new Output.CommandWithExamples(
            "completion",
            "Print the shell completion script: commands, options, and stream and tag names read from the repository in the current folder.",
            Examples) { shell };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await context.Environment.Out.WriteAsync(CompletionScripts.For(parse.GetValue(shell)!).AsMemory(), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The hidden command the scripts call; <paramref name="root"/> is the whole command tree.</summary>
    public static Command CreateHidden(CliContext context, Func<Command> root)
    {
        var line = new Argument<string>("LINE") { Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "" };
        var command = new Command(HiddenName, "Print completion candidates for a command line cut at the cursor") { line };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            foreach (var candidate in Candidates(root(), parse.GetValue(line) ?? ""))
            {
                await context.Environment.Out.WriteLineAsync(candidate.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// The candidates for the last word of <paramref name="line"/>. The line is parsed as tokens
    /// with the word being typed as the last one (an empty one after a space), so the argument or
    /// option value it would become is the one completed. Only candidates that start with the word
    /// are offered, and options only once a dash is typed, as kubectl and git complete; the
    /// Windows-style help aliases (<c>/?</c>, <c>/h</c>) are never offered.
    /// </summary>
    public static IEnumerable<string> Candidates(Command root, string line)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(line);
        List<string> tokens = [.. System.CommandLine.Parsing.CommandLineParser.SplitCommandLine(line)];
        if (tokens.Count == 0 || char.IsWhiteSpace(line[^1]))
        {
            tokens.Add("");
        }

        var word = tokens[^1];
        var parse = root.Parse(tokens);
        var items = tokens.Count >= 2 && ValueOf(parse, tokens[^2]) is { } option
            ? option.GetCompletions(parse.GetCompletionContext())
            : parse.GetCompletions();
        return items
            .Select(item => item.InsertText ?? item.Label)
            .Where(candidate => candidate.Length > 0 && candidate != HiddenName && !candidate.StartsWith('/')
                && candidate.StartsWith(word, StringComparison.Ordinal)
                && (word.StartsWith('-') || !candidate.StartsWith('-')))
            .Distinct(StringComparer.Ordinal);
    }

    /// <summary>The option named by <paramref name="token"/> when the word after it is its value (not a switch).</summary>
    private static Option? ValueOf(ParseResult parse, string token)
    {
        if (!token.StartsWith('-'))
        {
            return null;
        }

        for (var command = parse.CommandResult; command is not null; command = command.Parent as System.CommandLine.Parsing.CommandResult)
        {
            var option = command.Command.Options.FirstOrDefault(o => o.Name == token || o.Aliases.Contains(token));
            if (option is not null)
            {
                return option.ValueType == typeof(bool) ? null : option;
            }
        }

        return null;
    }
}
