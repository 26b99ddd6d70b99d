using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;

namespace GitStreamSync.Core.Tests.Propose;

public sealed class ProvenanceMarkdownTests
{
    private static Dictionary<string, string> Labels(string? revision, string? source)
    {
        var labels = new Dictionary<string, string>();
        if (revision is not null)
        {
            labels[ProvenanceLabels.Revision] = revision;
        }

        if (source is not null)
        {
            labels[ProvenanceLabels.Source] = source;
        }

        return labels;
    }

    [Theory]
    [InlineData("https://github.com/acme/app", "acme/app")]
    [InlineData("https://github.com/Acme/App.git", "acme/app")]
    [InlineData("https://github.com/acme/app/", "acme/app")]
    [InlineData("git+https://github.com/acme/my.app", "acme/my.app")]
    public void A_github_source_gives_a_compare_link_between_hex_revisions(string source, string repository)
    {
        var link = ProvenanceMarkdown.CompareLink(Labels("abc1234", source), Labels("def5678", source));

        Assert.Equal($"https://github.com/{repository}/compare/abc1234...def5678", link);
    }

    [Theory]
    [InlineData("abc1234", "v1.2.3", "https://github.com/acme/app")]
    [InlineData("abc1234", "def5678)[x](https://evil.example", "https://github.com/acme/app")]
    [InlineData("ABC1234", "def5678", "https://github.com/acme/app")]
    [InlineData("abc1234", "def5678", "https://gitlab.com/acme/app")]
    [InlineData("abc1234", "def5678", "https://github.com/acme/app/tree/main")]
    [InlineData("abc1234", "def5678", "https://github.com/acme/app)](https://evil.example")]
    [InlineData("abc1234", "def5678", "https://github.com.evil.example/acme/app")]
    [InlineData("abc1234", "abc1234", "https://github.com/acme/app")]
    public void No_link_unless_both_revisions_are_lowercase_hex_and_the_source_is_a_github_repository(string from, string to, string source)
    {
        Assert.Null(ProvenanceMarkdown.CompareLink(Labels(from, source), Labels(to, source)));
    }

    [Fact]
    public void No_link_when_the_old_image_names_another_repository()
    {
        Assert.Null(ProvenanceMarkdown.CompareLink(Labels("abc1234", "https://github.com/acme/old"), Labels("def5678", "https://github.com/acme/app")));
    }
}
