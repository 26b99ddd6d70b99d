using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using GitStreamSync.Core.Read;
namespace GitStreamSync.Core.Tests.Configuration;

public sealed class RepositoryConfigReaderTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.CreateCustomTimeZone("Europe/Berlin", TimeSpan.FromHours(1), "Europe/Berlin", "CET");

    private static TimeZoneInfo? FindZone(string id) => id == "Europe/Berlin" ? Berlin : null;

    private static RepositoryConfigReadResult Read(string text) => RepositoryConfigReader.Read(new SourceFile(".gitstreamsync.yaml", text), FindZone);

    private static string Problems(RepositoryConfigReadResult result) => string.Join("\n", result.Problems);

    [Fact]
    public void Reads_every_key()
    {
        var result = Read("""
            # comment
            paths: [imagestreams, "deploy/*.yaml"]
            schedule: "30 2 * * *"
            timeZone: Europe/Berlin
            platform: linux/arm64/v8
            historyLimit: 5
            branch: gitstreamsync/main
            baseBranch: main
            pullRequests:
              title: Update image digests
              labels: [dependencies, images]
              reviewers: [alice]
              teamReviewers: [platform, acme/security]
              assignees: [bob, carol]
              draft: true
              groupBy: stream
              maxOpen: 3
              author: images-bot[bot]
            registries:
              Docker.IO:
                mirrors: ["http://127.0.0.1:5000", "https://mirror.gcr.io"]
                mirrorOnly: true
              localhost:5000:
                insecure: true
            strictOpenShiftScheduling: true
            """);

        Assert.Empty(result.Problems);
        var config = result.Config;
        Assert.Equal(["imagestreams", "deploy/*.yaml"], config.Paths);
        Assert.Equal("30 2 * * *", config.Schedule);
        Assert.Equal("Europe/Berlin", config.TimeZone);
        Assert.Equal(new Platform("linux", "arm64", "v8"), config.Platform);
        Assert.Equal(5, config.HistoryLimit);
        Assert.Equal("gitstreamsync/main", config.Branch);
        Assert.Equal("main", config.BaseBranch);
        Assert.Equal("Update image digests", config.PullRequests.Title);
        Assert.Equal(["dependencies", "images"], config.PullRequests.Labels);
        Assert.Equal(["alice"], config.PullRequests.Reviewers);
        Assert.Equal(["platform", "acme/security"], config.PullRequests.TeamReviewers);
        Assert.Equal(["bob", "carol"], config.PullRequests.Assignees);
        Assert.True(config.PullRequests.Draft);
        Assert.Equal(PullRequestGrouping.Stream, config.PullRequests.GroupBy);
        Assert.Equal(3, config.PullRequests.MaxOpen);
        Assert.Equal("images-bot[bot]", config.PullRequests.Author);
        Assert.Equal([new Uri("http://127.0.0.1:5000"), new Uri("https://mirror.gcr.io")], config.Registries.MirrorsFor("docker.io"));
        Assert.False(config.Registries.IsInsecure("docker.io"));
        Assert.True(config.Registries.IsInsecure("localhost:5000"));
        Assert.Equal((true, false), (config.Registries.IsMirrorOnly("registry-1.docker.io"), config.Registries.IsMirrorOnly("localhost:5000")));
        Assert.True(config.StrictOpenShiftScheduling);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("---\n")]
    public void An_empty_file_means_the_defaults(string text)
    {
        var result = Read(text);

        Assert.Empty(result.Problems);
        Assert.Equal(RepositoryConfig.Default, result.Config);
        Assert.Equal(10, result.Config.HistoryLimit);
        Assert.Equal(PullRequestGrouping.Base, result.Config.PullRequests.GroupBy);
    }

    [Theory]
    [InlineData("historylimit: 3\n", "1:1: unknown key 'historylimit'; did you mean 'historyLimit'?")]
    [InlineData("paths: [a]\nbranches: x\n", "2:1: unknown key 'branches'; expected one of paths, schedule,")]
    [InlineData("pullRequests:\n  title: x\n  label: [a]\n", "3:3: unknown key 'label'; expected one of title, labels,")]
    [InlineData("registries:\n  quay.io:\n    mirror: [x]\n", "3:5: unknown key 'mirror'; expected one of mirrors, mirrorOnly, insecure")]
    [InlineData("historyLimit: 0\n", "1:15: historyLimit must be a whole number of at least 1, not '0'")]
    [InlineData("historyLimit: ten\n", "1:15: historyLimit must be a whole number of at least 1, not 'ten'")]
    [InlineData("platform: amd64\n", "1:11: platform 'amd64' is not OS/ARCH")]
    [InlineData("schedule: \"61 * * * *\"\n", "1:11: schedule '61 * * * *' is not a cron expression")]
    [InlineData("timeZone: Mars/Olympus\n", "1:11: timeZone 'Mars/Olympus' is not a known IANA time zone")]
    [InlineData("pullRequests:\n  groupBy: file\n", "2:12: pullRequests.groupBy 'file' is not 'base' or 'stream'")]
    [InlineData("pullRequests:\n  teamReviewers: {a: b}\n", "2:18: pullRequests.teamReviewers must be a list of values")]
    [InlineData("pullRequests:\n  teamReviewers: [[a]]\n", "2:19: pullRequests.teamReviewers must be a list of values")]
    [InlineData("pullRequests:\n  author: -bot\n", "2:11: pullRequests.author '-bot' is not a GitHub login: letters, digits and single hyphens")]
    [InlineData("pullRequests:\n  author: alice smith\n", "2:11: pullRequests.author 'alice smith' is not a GitHub login")]
    [InlineData("pullRequests:\n  author: a--b\n", "2:11: pullRequests.author 'a--b' is not a GitHub login")]
    [InlineData("pullRequests:\n  author: abcdefghijklmnopqrstuvwxyz0123456789abcd\n", "2:11: pullRequests.author 'abcdefghijklmnopqrstuvwxyz0123456789abcd' is not a GitHub login")]
    [InlineData("pullRequests:\n  author: app[robot]\n", "2:11: pullRequests.author 'app[robot]' is not a GitHub login")]
    [InlineData("pullRequests:\n  teamReviewers: [ok, a/b/c]\n", "2:23: pullRequests.teamReviewers: 'a/b/c' is not a team slug")]
    [InlineData("pullRequests:\n  teamReviewers: \"@acme/team\"\n", "2:18: pullRequests.teamReviewers: '@acme/team' is not a team slug")]
    [InlineData("pullRequests:\n  draft: yes\n", "2:10: pullRequests.draft must be true or false, not 'yes'")]
    [InlineData("pullRequests: [a]\n", "1:15: pullRequests must be a mapping")]
    [InlineData("registries:\n  docker.io:\n    mirrors: [\"ftp://x\"]\n", "3:15: registries.docker.io.mirrors: 'ftp://x' is not an http:// or https:// URL")]
    [InlineData("registries:\n  docker.io:\n    mirrors: [\"https://u:hunter2@m.example\"]\n", "3:15: registries.docker.io.mirrors: credentials in a mirror URL are not allowed; use GITSTREAMSYNC_REGISTRY_AUTH_<HOST> or Docker's config.json")]
    [InlineData("registries:\n  docker.io/library: {}\n", "2:3: a registries key is a registry host")]
    [InlineData("registries:\n  docker.io:\n    mirrorOnly: sometimes\n", "3:17: registries.docker.io.mirrorOnly")]
    [InlineData("paths: {a: b}\n", "1:8: paths must be a list of values")]
    [InlineData("paths: [a]\npaths: [b]\n", "2:1: the file does not parse as YAML")]
    [InlineData("- a\n- b\n", "1:1: the settings file must be a mapping of keys")]
    [InlineData("paths: [a\n", "2:1: the file does not parse as YAML")]
    [InlineData("a: 1\n---\nb: 2\n", "3:1: the settings file must hold one YAML document")]
    public void A_wrong_key_or_value_is_a_problem_with_line_and_column(string text, string expected)
    {
        var result = Read(text);

        Assert.Contains(".gitstreamsync.yaml:" + expected, Problems(result), StringComparison.Ordinal);
    }

    [Fact]
    public void A_wrong_value_keeps_its_default_and_the_rest_is_read()
    {
        var result = Read("historyLimit: -1\nbranch: tool\n");

        Assert.Single(result.Problems);
        Assert.Equal(10, result.Config.HistoryLimit);
        Assert.Equal("tool", result.Config.Branch);
    }

    [Fact]
    public void Parse_throws_a_format_exception_naming_the_first_problem()
    {
        var exception = Assert.Throws<RepositoryConfigFormatException>(() => RepositoryConfigReader.Parse("colour: blue\nsize: 3\n", FindZone));

        Assert.StartsWith(".gitstreamsync.yaml:1:1: unknown key 'colour'", exception.Message, StringComparison.Ordinal);
        Assert.EndsWith("(and 1 more)", exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, exception.Problems.Count);
    }

    [Fact]
    public void A_schedule_is_checked_in_its_time_zone()
    {
        Assert.Empty(Read("schedule: \"0 3 * * *\"\ntimeZone: Europe/Berlin\n").Problems);
    }
}
