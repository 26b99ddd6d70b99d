using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Core.Tests.Configuration;

public sealed class RepositoryListReaderTests
{
    private static RepositoryListReadResult Read(string text) => RepositoryListReader.Read(new SourceFile("fleet.yaml", text));

    private static string Problems(RepositoryListReadResult result) => string.Join("\n", result.Problems);

    [Fact]
    public void Reads_plain_urls_and_entries_with_their_overrides_in_order()
    {
        var result = Read("""
            repositories:
              - https://git.example/team-a.git
              - url: https://git.example/team-b.git
                baseBranch: release
                branch: images/release
                paths: [imagestreams, "deploy/*.yaml"]
            """);

        Assert.Empty(result.Problems);
        Assert.Equal(
            [
                new RepositoryEntry("https://git.example/team-a.git", Location: new SourceLocation(2, 5)),
                new RepositoryEntry("https://git.example/team-b.git", "release", "images/release", null, new SourceLocation(3, 5)),
            ],
            result.Repositories!.Select(e => e with { Paths = null }));
        Assert.Equal(["imagestreams", "deploy/*.yaml"], result.Repositories![1].Paths);
        Assert.Null(result.Repositories[0].Paths);
    }

    [Theory]
    [InlineData("paths: [streams]\n")]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    public void A_file_without_repositories_is_one_repository_s_settings(string text)
    {
        var result = Read(text);

        Assert.Null(result.Repositories);
        Assert.Empty(result.Problems);
    }

    [Theory]
    [InlineData("repositories: []\n", "fleet.yaml:1:15: repositories: must be a list of at least one repository URL")]
    [InlineData("repositories: https://git.example/a.git\n", "fleet.yaml:1:15: repositories: must be a list")]
    [InlineData("repositories:\n  - https://git.example/a.git\npaths: [x]\n", "fleet.yaml:3:1: 'paths' next to repositories: each repository keeps its settings in its own .gitstreamsync.yaml; an entry may set url, baseBranch, branch, paths")]
    [InlineData("repositories:\n  - baseBranch: main\n", "fleet.yaml:2:5: a repositories entry needs url:")]
    [InlineData("repositories:\n  - url: https://git.example/a.git\n    schedule: x\n", "fleet.yaml:3:5: unknown key 'schedule'; expected one of url, baseBranch, branch, paths")]
    [InlineData("repositories:\n  - https://git.example/a.git\n  - https://git.example/a.git\n", "fleet.yaml:3:5: repositories: https://git.example/a.git is listed twice")]
    [InlineData("repositories:\n  - [a, b]\n", "fleet.yaml:2:5: a repositories entry is a URL or a mapping with url:")]
    [InlineData("repositories:\n  - url: ''\n", "fleet.yaml:2:10: repositories.url must name a repository")]
    public void A_wrong_entry_is_a_problem_at_its_line_and_column_and_the_others_are_kept(string text, string expected)
    {
        var result = Read(text);

        Assert.StartsWith(expected, Problems(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_come_in_the_order_of_the_file()
    {
        var result = Read("repositories:\n  - url: https://git.example/a.git\n    schedule: x\npaths: [x]\n");

        Assert.Equal([3, 4], result.Problems.Select(p => p.Location.Line));
    }

    [Theory]
    [InlineData("https://x-access-token:ghs_s3cretTOKEN@github.com/acme/images.git")]
    [InlineData("https://ghp_s3cretTOKEN@github.com/acme/images.git")]
    public void A_url_with_credentials_is_refused_without_quoting_it(string url)
    {
        var result = Read($"repositories:\n  - https://git.example/fine.git\n  - url: {url}\n");

        Assert.Equal(
            "fleet.yaml:3:10: credentials in a repository URL are not allowed; pass them through GITSTREAMSYNC_GIT_USERNAME / GITSTREAMSYNC_GIT_PASSWORD (or GITHUB_TOKEN for GitHub)",
            Problems(result));
        Assert.DoesNotContain("s3cret", Problems(result), StringComparison.Ordinal);
        Assert.Equal(["https://git.example/fine.git"], result.Repositories!.Select(e => e.Url));
    }

    [Fact]
    public void A_repository_s_own_settings_cannot_list_repositories()
    {
        var result = RepositoryConfigReader.Read(new SourceFile(".gitstreamsync.yaml", "paths: [a]\nrepositories: [https://git.example/b.git]\n"), _ => null);

        Assert.Equal(
            ".gitstreamsync.yaml:2:15: repositories: lists the repositories of a run in the file given with --config; a repository's own settings cannot name others",
            string.Join("\n", result.Problems));
        Assert.Equal(["a"], result.Config.Paths);
    }
}
