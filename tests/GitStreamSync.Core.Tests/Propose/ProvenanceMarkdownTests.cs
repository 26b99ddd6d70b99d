using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Propose;
using System.Text;

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

    [Fact]
    public void The_old_image_may_name_no_source_and_the_link_still_follows_the_new_one()
    {
        var link = ProvenanceMarkdown.CompareLink(Labels("abc1234", null), Labels("def5678", "https://github.com/acme/app"));

        Assert.Equal("https://github.com/acme/app/compare/abc1234...def5678", link);
    }

    [Theory]
    [InlineData(null, "def5678", "https://github.com/acme/app")]
    [InlineData("abc1234", null, "https://github.com/acme/app")]
    [InlineData("abc1234", "def5678", null)]
    public void No_link_without_both_revisions_and_the_new_images_source(string? from, string? to, string? source)
    {
        Assert.Null(ProvenanceMarkdown.CompareLink(Labels(from, source), Labels(to, source)));
    }

    [Fact]
    public void No_repository_for_no_source()
    {
        Assert.Null(ProvenanceMarkdown.GitHubRepository(null));
    }

    private static readonly Digest Old = Digest.Parse("sha256:" + new string('a', 64));
    private static readonly Digest New = Digest.Parse("sha256:" + new string('b', 64));

    [Theory]
    [InlineData("nothing read", "")]
    [InlineData("images with nothing to say", "")]
    [InlineData("no images", "")]
    [InlineData("labels only", "- `t`\n  - version: (none) → `2`\n")]
    [InlineData("platforms only", "- `t`\n  - platforms: `linux/amd64`\n")]
    [InlineData("unreadable only", "- `t`\n  - image config not read: `401`\n")]
    [InlineData("old labels only", "- `t`\n  - version: `1` → (none)\n")]
    public void A_tag_gets_a_provenance_item_only_when_its_images_say_something(string what, string item)
    {
        var provenance = what switch
        {
            "nothing read" => null,
            "images with nothing to say" => new TagProvenance(new ImageFacts(Old), new ImageFacts(New)),
            "no images" => new TagProvenance(null, null),
            "labels only" => new TagProvenance(null, new ImageFacts(New) { Labels = new Dictionary<string, string> { [ProvenanceLabels.Version] = "2" } }),
            "platforms only" => new TagProvenance(null, new ImageFacts(New) { Platforms = [Platform.LinuxAmd64] }),
            "unreadable only" => new TagProvenance(null, new ImageFacts(New) { Unreadable = "401" }),
            _ => new TagProvenance(new ImageFacts(Old) { Labels = new Dictionary<string, string> { [ProvenanceLabels.Version] = "1" } }, null),
        };
        var body = new StringBuilder();

        ProvenanceMarkdown.Append(body, [new(new("a.yaml", "a", "t"), "a:t", Old, New, null, DateTimeOffset.UnixEpoch) { Provenance = provenance }]);

        Assert.Equal(item.Length == 0 ? "" : "\n<details><summary>Provenance</summary>\n\n" + item + "\n</details>\n", body.ToString());
    }
}
