
using GitStreamSync.Core.Tests.Plan;
using GitStreamSync.Core.Tests.Record;
using GitStreamSync.Core.Tests.Select;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Plan;
using GitStreamSync.Core.Propose;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Select;
namespace GitStreamSync.Core.Tests.Propose;

public sealed class PullRequestTitleTemplateTests
{
    private static readonly PullRequestContent Content = new()
    {
        BaseBranch = "main",
        Group = "myubuntu",
        Changes =
        [
            new(new("a.yaml", "myubuntu", "1"), "ubuntu:1", null, Digest.Parse("sha256:" + new string('a', 64)), null, DateTimeOffset.UnixEpoch),
            new(new("a.yaml", "myubuntu", "2"), "ubuntu:2", null, Digest.Parse("sha256:" + new string('b', 64)), null, DateTimeOffset.UnixEpoch),
            new(new("b.yaml", "other", "1"), "other:1", null, Digest.Parse("sha256:" + new string('c', 64)), null, DateTimeOffset.UnixEpoch),
        ],
    };

    [Theory]
    [InlineData(PullRequestTitleTemplate.DefaultText, "Update image digests (3)")]
    [InlineData("chore({base}): {count} digests in {streams} streams", "chore(main): 3 digests in 2 streams")]
    [InlineData("Images for {group}", "Images for myubuntu")]
    [InlineData("{{literal}} {count}}}", "{literal} 3}")]
    [InlineData("multi\nline {count}", "multi line 3")]
    public void The_title_fills_the_placeholders(string template, string expected) =>
        Assert.Equal(expected, PullRequestTitleTemplate.Parse(template).Render(Content));

    [Theory]
    [InlineData(false, "Update image digests (3)")]
    [InlineData(true, "Update image digests in myubuntu (3)")]
    public void Without_a_configured_title_pull_requests_per_stream_are_titled_by_their_stream(bool byStream, string expected)
    {
        var grouping = byStream ? GitStreamSync.Core.Configuration.PullRequestGrouping.Stream : GitStreamSync.Core.Configuration.PullRequestGrouping.Base;
        var settings = GitStreamSync.Core.Configuration.PullRequestSettings.Default with { GroupBy = grouping };

        Assert.Equal(expected, PullRequestTitleTemplate.For(settings).Render(Content));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_configured_title_is_used_whatever_the_grouping(bool byStream)
    {
        var grouping = byStream ? GitStreamSync.Core.Configuration.PullRequestGrouping.Stream : GitStreamSync.Core.Configuration.PullRequestGrouping.Base;
        var settings = GitStreamSync.Core.Configuration.PullRequestSettings.Default with { GroupBy = grouping, Title = "chore: bump {count} in {group}" };

        Assert.Equal("chore: bump 3 in myubuntu", PullRequestTitleTemplate.For(settings).Render(Content));
    }

    [Fact]
    public void Group_falls_back_to_the_base_branch_when_grouping_by_base() =>
        Assert.Equal("Images for main", PullRequestTitleTemplate.Parse("Images for {group}").Render(Content with { Group = null }));

    [Theory]
    [InlineData("Update {digests}", "unknown placeholder {digests}")]
    [InlineData("Update {count", "unclosed '{'")]
    [InlineData("Update count}", "'}' without '{'")]
    [InlineData("  ", "empty")]
    public void A_bad_template_is_a_format_error_naming_the_problem(string template, string expected) =>
        Assert.Contains(expected, Assert.Throws<PullRequestTemplateFormatException>(() => PullRequestTitleTemplate.Parse(template)).Message, StringComparison.Ordinal);

    [Fact]
    public void A_long_title_is_cut_to_GitHubs_limit() =>
        Assert.Equal(256, PullRequestTitleTemplate.Parse(new string('x', 300) + "{count}").Render(Content).Length);

    [Theory]
    [InlineData("Update {count", "the pull-request title template 'Update {count' has an unclosed '{' at position 8")]
    [InlineData("Update count}", "the pull-request title template 'Update count}' has a '}' without '{' at position 13 (write '}}' for a literal brace)")]
    [InlineData("{", "the pull-request title template '{' has an unclosed '{' at position 1")]
    [InlineData("{{{", "the pull-request title template '{{{' has an unclosed '{' at position 3")]
    [InlineData("Update {Count}", "the pull-request title template 'Update {Count}' uses the unknown placeholder {Count}: use {count}, {streams}, {base}, {group}")]
    public void A_bad_template_names_where_it_is_wrong_and_what_to_write(string template, string message) =>
        Assert.Equal(message, Assert.Throws<PullRequestTemplateFormatException>(() => PullRequestTitleTemplate.Parse(template)).Message);

    [Theory]
    [InlineData("{base}: {count}/{streams} in {group}", "main: 3/2 in myubuntu")]
    [InlineData("  {count} images  ", "3 images")]
    [InlineData("{count}{{", "3{")]
    [InlineData("}}{count}", "}3")]
    [InlineData("plain", "plain")]
    public void Placeholders_next_to_each_other_and_literal_braces_at_either_end_render(string template, string expected)
    {
        var parsed = PullRequestTitleTemplate.Parse(template);

        Assert.Equal(expected, parsed.Render(Content));
        Assert.Equal(template, parsed.ToString());
    }
}
