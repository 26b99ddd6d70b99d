using GitStreamSync.Adapters.Files;
using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Show;
using System.CommandLine;
using System.CommandLine.Completions;

namespace GitStreamSync.Cli.Completion;

/// <summary>
/// Stream and tag names for tab completion, read from the repository in the current folder. A
/// key press must never reach the network or fail: URLs are not cloned, and a folder that cannot
/// be read offers nothing.
/// </summary>
internal static class RepositoryCompletions
{
    /// <summary>Stream names (<c>is</c>), <c>STREAM:TAG</c> (<c>istag</c>), <c>STREAM@DIGEST</c> (<c>isimage</c>) or the streams' namespaces (<c>namespace</c>).</summary>
    public static IEnumerable<CompletionItem> For(CliEnvironment environment, string kind, string word)
    {
        var streams = Streams(environment);
        var names = kind switch
        {
            "istag" => streams.SelectMany(s => StreamTagEntry.Of(s).Select(t => t.Name)),
            "isimage" => streams.SelectMany(s => (s.Document.Status?.Tags ?? []).SelectMany(t => t.Items)
                .Where(i => i.Image.Length > 0).Select(i => $"{s.Document.Name}@{i.Image}")),
            "namespace" => streams.Select(s => s.Document.Namespace ?? "").Where(n => n.Length > 0),
            _ => streams.Select(s => s.Document.Name),
        };
        return names.Where(n => n.StartsWith(word, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(n => new CompletionItem(n));
    }

    /// <summary>Completes the kind argument (<c>is</c>, <c>istag</c>...) only while it is the word being typed, not once <paramref name="next"/> has begun.</summary>
    public static void AddKinds(Argument kind, Argument next, params string[] kinds)
    {
        kind.CompletionSources.Add(context => context.ParseResult.GetResult(next)?.Tokens.Count > 0
            ? []
            : kinds.Select(k => new CompletionItem(k)));
    }

    /// <summary>Completes <paramref name="argument"/> with names while <paramref name="typing"/> says it is the word being typed.</summary>
    public static void AddNames(Argument argument, CliEnvironment environment, Func<CompletionContext, string> kind, Func<CompletionContext, bool>? typing = null)
    {
        argument.CompletionSources.Add(context =>
            typing?.Invoke(context) == false ? [] : For(environment, kind(context), context.WordToComplete));
    }

    private static IReadOnlyList<StoredStream> Streams(CliEnvironment environment)
    {
        try
        {
            var files = new RepositoryFileSource(environment.WorkingDirectory).Read(SourceSelection.Everything.Includes).Files;
            return StoredStream.ReadAll(files).Streams;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return [];
        }
    }
}
