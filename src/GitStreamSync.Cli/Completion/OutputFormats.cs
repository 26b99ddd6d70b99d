using System.CommandLine.Completions;

namespace GitStreamSync.Cli.Completion;

/// <summary>The values <c>-o</c> takes, by command, for tab completion (each command checks its own when it runs).</summary>
internal static class OutputFormats
{
    public static IEnumerable<CompletionItem> For(CompletionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string[] formats = context.ParseResult.CommandResult.Command.Name switch
        {
            "plan" => ["table", "diff", "json"],
            "get" => ["table", "wide", "yaml", "json", "name"],
            "sync" or "rollback" => ["table", "json"],
            "validate" or "resolve" => ["text", "json"],
            _ => [],
        };
        return formats.Select(f => new CompletionItem(f));
    }
}
