using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
using System.Text;

namespace GitStreamSync.Core.Propose;

/// <summary>
/// Escapes text that comes from repositories, registries or error messages before it goes into a
/// pull-request body, so a tag, image name or message cannot add links, HTML, mentions or table
/// cells. GitHub autolinks URLs, <c>www.</c> names, e-mail addresses, <c>@user</c> and <c>#123</c>
/// after Markdown is rendered (on text nodes), so entities alone do not stop them: a zero-width
/// space breaks each pattern while the reader sees the same characters.
/// </summary>
internal static class PullRequestMarkdown
{
    private const char ZeroWidthSpace = '\u200B';

    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var builder = new StringBuilder(value.Length + 16);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '&':
                    builder.Append("&amp;");
                    break;
                case '<':
                    builder.Append("&lt;");
                    break;
                case '>':
                    builder.Append("&gt;");
                    break;
                case '"':
                    builder.Append("&quot;");
                    break;
                case '|':
                    // A literal pipe would start a new table cell, even after a backslash in some renderers.
                    builder.Append("&#124;");
                    break;
                case '@' or '#':
                    builder.Append(c).Append(ZeroWidthSpace);
                    break;
                case ':' when Follows(value, i + 1, "//"):
                    builder.Append(':').Append(ZeroWidthSpace);
                    break;
                case 'w' or 'W' when (i == 0 || !char.IsLetterOrDigit(value[i - 1])) && Follows(value, i, "www."):
                    builder.Append(value, i, 3).Append(ZeroWidthSpace);
                    i += 2;
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '!' or '~' or '{' or '}' or '$':
                    builder.Append('\\').Append(c);
                    break;
                case '\r' or '\n' or '\t':
                    builder.Append(' ');
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.ToString();
    }

    private static bool Follows(string value, int index, string expected) =>
        index + expected.Length <= value.Length
        && string.Compare(value, index, expected, 0, expected.Length, StringComparison.OrdinalIgnoreCase) == 0;
}
