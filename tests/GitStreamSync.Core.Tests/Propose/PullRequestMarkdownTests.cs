using CsCheck;
using GitStreamSync.Core.Propose;

namespace GitStreamSync.Core.Tests.Propose;

public sealed class PullRequestMarkdownTests
{
    [Theory]
    [InlineData("16.04", "`16.04`")]
    [InlineData("docker.io/library/ubuntu:16.04", "`docker.io/library/ubuntu:16.04`")]
    [InlineData("<b>bold</b>", "`<b>bold</b>`")]
    [InlineData("[x](https://evil)", "`[x](https://evil)`")]
    [InlineData("@octocat", "`@octocat`")]
    [InlineData("fixes #12", "`fixes #12`")]
    [InlineData("www.example.com", "`www.example.com`")]
    [InlineData("a`b", "``a`b``")]
    [InlineData("a``b`c", "```a``b`c```")]
    [InlineData("`start", "`` `start ``")]
    [InlineData("end`", "`` end` ``")]
    [InlineData(" both ", "`  both  `")]
    [InlineData("   ", "`   `")]
    [InlineData(" lead", "` lead`")]
    [InlineData("trail ", "`trail `")]
    [InlineData("a\tb", "`a b`")]
    [InlineData("``", "``` `` ```")]
    [InlineData("a|b", "`a|b`")]
    [InlineData("line1\nline2\r\n", "`line1 line2  `")]
    [InlineData("bell\u0007", "`bell`")]
    [InlineData("\u0007", "")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Text_from_repositories_and_registries_is_a_code_span_that_shows_every_character(string? input, string expected)
    {
        Assert.Equal(expected, PullRequestMarkdown.Code(input));
        Assert.DoesNotContain('\u200B', PullRequestMarkdown.Code(input));
    }

    [Theory]
    [InlineData("a|b", "`a\\|b`")]
    [InlineData("|", "`\\|`")]
    [InlineData("x\\|y", "`x\\\\|y`")]
    public void In_a_table_cell_a_pipe_is_escaped_so_the_row_keeps_its_cells(string input, string expected) =>
        Assert.Equal(expected, PullRequestMarkdown.CodeCell(input));

    [Fact]
    public void Any_text_reads_back_unchanged_from_its_code_span_by_CommonMarks_rules() =>
        Gen.String[Gen.Char["ab `|\\@#<>*_"], 1, 24].Sample(text =>
        {
            Assert.Equal(text, ReadCodeSpan(PullRequestMarkdown.Code(text)));
            Assert.Equal(text, ReadCodeSpan(UnescapeCell(PullRequestMarkdown.CodeCell(text))));
        });

    /// <summary>
    /// CommonMark 0.31, "Code spans": the span opens with a run of N backticks and closes at the next
    /// run of exactly N; one space is stripped from each end when both ends are spaces and the content is not all spaces.
    /// </summary>
    private static string ReadCodeSpan(string span)
    {
        var n = span.TakeWhile(c => c == '`').Count();
        Assert.True(n > 0, span);
        var rest = span[n..];
        var close = -1;
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] != '`')
            {
                continue;
            }

            var run = rest[i..].TakeWhile(c => c == '`').Count();
            if (run == n)
            {
                close = i;
                break;
            }

            i += run - 1;
        }

        Assert.Equal(rest.Length - n, close);
        var content = rest[..close];
        return content.Length >= 2 && content[0] == ' ' && content[^1] == ' ' && content.Any(c => c != ' ') ? content[1..^1] : content;
    }

    // GFM tables, "Tables (extension)": inside a cell, \| stands for | before inlines are parsed.
    private static string UnescapeCell(string cell) => cell.Replace("\\|", "|", StringComparison.Ordinal);
}
