using System.Globalization;

namespace GitStreamSync.Core.Propose;

/// <summary>
/// GitHub's documented limits on the text the tool writes. Over a limit GitHub answers 422 and keeps
/// nothing, so a run that wrote too much would fail on every schedule from then on. GitHub counts
/// characters; a .NET string's length counts UTF-16 units, never fewer, so text cut by length fits.
/// </summary>
internal static class GitHubTextLimits
{
    public const int BodyCharacters = 65_536;
    public const int CommentCharacters = 65_536;
    public const int TitleCharacters = 256;

    /// <summary>
    /// <paramref name="text"/> itself when it fits in <paramref name="maxLength"/>, else its start cut
    /// between two characters (never inside a surrogate pair or a combined character) and ending in an ellipsis.
    /// </summary>
    public static string Cut(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        if (text.Length <= maxLength)
        {
            return text;
        }

        var end = 0;
        while (end < text.Length)
        {
            var next = end + StringInfo.GetNextTextElementLength(text, end);
            if (next > maxLength - 1)
            {
                break;
            }

            end = next;
        }

        return text[..end] + "…";
    }
}
