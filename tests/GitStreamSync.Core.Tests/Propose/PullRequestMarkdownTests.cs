
using GitStreamSync.Core.Tests.Plan;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Tests.Propose;

public sealed class PullRequestMarkdownTests
{
    [Theory]
    [InlineData("16.04", "16.04")]
    [InlineData("docker.io/library/ubuntu:16.04", "docker.io/library/ubuntu:16.04")]
    [InlineData("<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;")]
    [InlineData("[x](https://evil)", "\\[x\\]\\(https:\u200B//evil\\)")]
    [InlineData("@octocat", "@\u200Boctocat")]
    [InlineData("fixes #12", "fixes #\u200B12")]
    [InlineData("a|b", "a&#124;b")]
    [InlineData("line1\nline2\r\n", "line1 line2  ")]
    [InlineData("WWW.example.com and awww.x", "WWW\u200B.example.com and awww.x")]
    [InlineData("`code` *em* _u_ ~s~ $x$ !", "\\`code\\` \\*em\\* \\_u\\_ \\~s\\~ \\$x\\$ \\!")]
    [InlineData("a&amp;b \"q\"", "a&amp;amp;b &quot;q&quot;")]
    [InlineData("bell\u0007", "bell")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Text_from_repositories_and_registries_cannot_add_markup_links_or_mentions(string? input, string expected) =>
        Assert.Equal(expected, PullRequestMarkdown.Text(input));
}
