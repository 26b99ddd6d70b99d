using System.Text;

namespace GitStreamSync.Core.Propose;

/// <summary>
/// Shows text that comes from repositories, registries or error messages in pull-request text as a
/// code span, so a tag, image name or message cannot add links, HTML, mentions or table cells, and a
/// reader who copies it gets exactly its characters. GitHub renders a code span literally: no
/// Markdown, no HTML, no entities, no autolinked URLs, <c>@user</c> or <c>#123</c>. Following
/// CommonMark, a backtick inside is kept by a fence longer than its longest run of backticks, and a
/// space pads content that starts or ends with a backtick (or with spaces at both ends), because
/// one space at each end is stripped. A span holds one line: line breaks become spaces, other
/// control characters are dropped.
/// </summary>
internal static class PullRequestMarkdown
{
    /// <summary>A code span for running text, a heading or a list item; empty for no text.</summary>
    public static string Code(string? value) => Span(value, inTable: false);

    /// <summary>
    /// A code span inside a table cell. GitHub splits a table row at every <c>|</c>, even inside a code
    /// span, unless it is written <c>\|</c>; in a cell that escape shows as <c>|</c>.
    /// </summary>
    public static string CodeCell(string? value) => Span(value, inTable: true);

    private static string Span(string? value, bool inTable)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var content = new StringBuilder(value.Length + 4);
        var longestTicks = 0;
        var ticks = 0;
        foreach (var c in value)
        {
            ticks = c == '`' ? ticks + 1 : 0;
            longestTicks = Math.Max(longestTicks, ticks);
            if (c is '\r' or '\n' or '\t')
            {
                content.Append(' ');
            }
            else if (c == '|' && inTable)
            {
                content.Append("\\|");
            }
            else if (!char.IsControl(c))
            {
                content.Append(c);
            }
        }

        if (content.Length == 0)
        {
            return "";
        }

        var text = content.ToString();
        var allSpaces = text.All(c => c == ' ');
        var pad = !allSpaces && (text[0] == '`' || text[^1] == '`' || (text[0] == ' ' && text[^1] == ' '));
        var fence = new string('`', longestTicks + 1);
        return pad ? $"{fence} {text} {fence}" : fence + text + fence;
    }
}
