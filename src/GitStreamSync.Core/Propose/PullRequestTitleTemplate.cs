using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using System.Globalization;
using System.Text;

namespace GitStreamSync.Core.Propose;

/// <summary>
/// The pull-request title from a template in the repository config. Placeholders: <c>{count}</c>
/// (changed tags), <c>{streams}</c> (changed ImageStreams), <c>{base}</c> (base branch) and
/// <c>{group}</c> (the stream name when grouping by stream, else the base branch); <c>{{</c> and
/// <c>}}</c> are literal braces. An unknown placeholder is a configuration error found at parse time,
/// not a title with braces in it.
/// </summary>
internal sealed class PullRequestTitleTemplate
{
    public const string DefaultText = "Update image digests ({count})";

    /// <summary>The default when grouping by stream: the titles of the tool's pull requests tell the streams apart.</summary>
    public const string DefaultPerStreamText = "Update image digests in {group} ({count})";

    private static readonly string[] KnownPlaceholders = ["count", "streams", "base", "group"];

    // Literal text and placeholder names, alternating: even indexes are text.
    private readonly IReadOnlyList<string> _parts;

    private PullRequestTitleTemplate(string text, IReadOnlyList<string> parts)
    {
        Text = text;
        _parts = parts;
    }

    public static PullRequestTitleTemplate Default { get; } = Parse(DefaultText);

    public static PullRequestTitleTemplate DefaultPerStream { get; } = Parse(DefaultPerStreamText);

    public string Text { get; }

    /// <summary>The template a repository's settings ask for: its own, or the tool's wording for the grouping. A bad template throws <see cref="PullRequestTemplateFormatException"/>.</summary>
    public static PullRequestTitleTemplate For(Configuration.PullRequestSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Title is { } title ? Parse(title)
            : settings.GroupBy == Configuration.PullRequestGrouping.Stream ? DefaultPerStream
            : Default;
    }

    public static PullRequestTitleTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new PullRequestTemplateFormatException("the pull-request title template is empty");
        }

        var parts = new List<string>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var close = text.IndexOf('}', i + 1);
                if (close < 0)
                {
                    throw new PullRequestTemplateFormatException($"the pull-request title template '{text}' has an unclosed '{{' at position {i + 1}");
                }

                var name = text[(i + 1)..close];
                if (!KnownPlaceholders.Contains(name, StringComparer.Ordinal))
                {
                    throw new PullRequestTemplateFormatException(
                        $"the pull-request title template '{text}' uses the unknown placeholder {{{name}}}: use {string.Join(", ", KnownPlaceholders.Select(p => "{" + p + "}"))}");
                }

                parts.Add(literal.ToString());
                parts.Add(name);
                literal.Clear();
                i = close;
            }
            else if (c == '}')
            {
                throw new PullRequestTemplateFormatException($"the pull-request title template '{text}' has a '}}' without '{{' at position {i + 1} (write '}}}}' for a literal brace)");
            }
            else
            {
                literal.Append(c);
            }
        }

        parts.Add(literal.ToString());
        return new PullRequestTitleTemplate(text, parts);
    }

    public string Render(PullRequestContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var builder = new StringBuilder();
        for (var i = 0; i < _parts.Count; i++)
        {
            builder.Append(i % 2 == 0 ? _parts[i] : Value(_parts[i], content));
        }

        // A title is one line; GitHub refuses one over 256 characters, and a long group or stream name must not fail the run.
        return GitHubTextLimits.Cut(builder.ToString().ReplaceLineEndings(" ").Trim(), GitHubTextLimits.TitleCharacters);
    }

    private static string Value(string placeholder, PullRequestContent content) => placeholder switch
    {
        "count" => content.Changes.Count.ToString(CultureInfo.InvariantCulture),
        "streams" => content.StreamCount.ToString(CultureInfo.InvariantCulture),
        "base" => content.BaseBranch,
        _ => content.Group ?? content.BaseBranch,
    };

    public override string ToString() => Text;
}

public sealed class PullRequestTemplateFormatException(string message) : FormatException(message);
