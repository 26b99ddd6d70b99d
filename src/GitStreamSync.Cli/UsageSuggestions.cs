using System.CommandLine;
using System.CommandLine.Parsing;

namespace GitStreamSync.Cli;

/// <summary>
/// What the parser lets through or leaves unexplained: an unknown <c>--option</c> that it would
/// take as the PATH argument, and the nearest command or option name to suggest for a typo.
/// </summary>
internal static class UsageSuggestions
{
    /// <summary>Usage errors the parser did not report, each with a suggestion when one is close.</summary>
    public static IEnumerable<string> Errors(ParseResult parse)
    {
        // A free positional slot swallows `--dyr-run` as a value; no path or image here starts with
        // '-'. Hidden commands (the shell completion's __complete) take command lines as values.
        if (parse.CommandResult.Command.Hidden)
        {
            yield break;
        }

        var unknownOptions = parse.CommandResult.Children.OfType<ArgumentResult>()
            .SelectMany(argument => argument.Tokens)
            .Select(token => token.Value)
            .Where(value => value.Length > 1 && value[0] == '-');
        foreach (var option in unknownOptions)
        {
            yield return $"unknown option '{option}'" + Hint(option, OptionNames(parse.CommandResult));
        }
    }

    /// <summary>
    /// The one error for a command line whose first word is no command (<c>valdate example-repo</c>):
    /// the parser's own messages ("Required command was not provided." and one "Unrecognized
    /// command or argument" per word after it) all follow from that typo and bury the suggestion.
    /// Null when the line names a command, or starts with an option the root does not know.
    /// </summary>
    public static string? UnknownCommand(ParseResult parse)
    {
        var command = parse.CommandResult;
        if (command.Parent is not null || command.Command.Subcommands.Count == 0
            || parse.UnmatchedTokens.Count == 0 || parse.UnmatchedTokens[0] is not { } typed || typed.StartsWith('-'))
        {
            return null;
        }

        return $"unknown command '{typed}'" + (Nearest(typed, CommandNames(command.Command)) is { } nearest ? $"; did you mean '{nearest}'?" : "");
    }

    /// <summary>A "did you mean" line for each token the parser could not match, when a name is close.</summary>
    public static IEnumerable<string> ForUnmatched(ParseResult parse)
    {
        foreach (var token in parse.UnmatchedTokens)
        {
            var names = token.StartsWith('-') ? OptionNames(parse.CommandResult) : CommandNames(parse.CommandResult.Command);
            if (Nearest(token, names) is { } nearest)
            {
                yield return $"'{token}': did you mean '{nearest}'?";
            }
        }
    }

    /// <summary>The candidate closest to <paramref name="typed"/> by edit distance, when close enough to be a typo.</summary>
    internal static string? Nearest(string typed, IEnumerable<string> candidates)
    {
        var limit = Math.Max(1, typed.TrimStart('-').Length / 3);
        return candidates
            .Select(candidate => (candidate, distance: Distance(typed, candidate)))
            .Where(c => c.distance <= limit)
            .OrderBy(c => c.distance)
            .ThenBy(c => c.candidate, StringComparer.Ordinal)
            .Select(c => c.candidate)
            .FirstOrDefault();
    }

    private static string Hint(string typed, IEnumerable<string> names) =>
        Nearest(typed, names) is { } nearest ? $"; did you mean '{nearest}'?" : $"; see '{CliApplication.ToolName} --help'";

    private static IEnumerable<string> CommandNames(Command command) =>
        command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));

    // The command's own options and the recursive ones of the commands above it.
    private static List<string> OptionNames(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? current = result; current is CommandResult command; current = command.Parent)
        {
            names.AddRange(command.Command.Options
                .Where(option => !option.Hidden && (command == result || option.Recursive))
                .SelectMany(option => option.Aliases.Prepend(option.Name)));
        }

        return names;
    }

    // Levenshtein distance, with a swap of two neighbours counted as one edit (`--dyr-run`).
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
