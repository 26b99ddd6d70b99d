using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Adapters.Tests.Git;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Rollback;
using Microsoft.Extensions.Logging.Abstractions;
using static GitStreamSync.Adapters.Tests.Git.GitTestSupport;
using static GitStreamSync.Testing.Rollback.StreamFiles;

namespace GitStreamSync.Adapters.Tests.Rollback;

/// <summary><c>rollback</c>'s run over the loopback Git server (push with Basic auth): the rollback branch, a rerun, and a base that moves mid-run.</summary>
public sealed class RollbackRunnerGitTests(GitServerFixture fixture) : IClassFixture<GitServerFixture>
{
    private const string File = "streams/ubuntu.yaml";
    private const string Branch = "gitstreamsync/rollback/main/myubuntu-16.04";
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 7, 0, 0, TimeSpan.Zero);

    private GitHttpServer Server => fixture.Server;

    private static Dictionary<string, string> Files() => new()
    {
        [File] = Yaml("myubuntu", new StreamTag("16.04", "registry.example/ubuntu:16.04", [Digest(3), Digest(2), Digest(1)])),
        ["README.md"] = "# images\n",
    };

    private static RollbackRequest Request(string url, bool pushToBase = false, string runId = "run-1") => new()
    {
        Location = url,
        Target = new RollbackTarget("myubuntu", "16.04"),
        Now = Now,
        RunId = runId,
        PushToBase = pushToBase,
    };

    [Fact(Timeout = 120_000)]
    public async Task The_rollback_branch_is_pushed_once_and_a_rerun_finds_it_already_proposed()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Files());
        var runner = new RollbackRunner(new LibGit2SharpWorkspaceFactory(Options(Server)), NullLogger.Instance);

        var first = await runner.RunAsync(Request(url), CancellationToken.None);
        var second = await runner.RunAsync(Request(url, runId: "run-2"), CancellationToken.None);

        Assert.Equal((RollbackOutcome.Pushed, RollbackOutcome.AlreadyProposed), (first.Outcome, second.Outcome));
        Assert.Equal((first.CommitId, "run-1"), (second.CommitId, second.RunId));
        Assert.Equal(first.CommitId, Server.BranchTip(name, Branch));
        Assert.Equal([File], GitCli.Run(Server.RepositoryPath(name), "diff", "--name-only", "main", Branch).Trim().Split('\n'));
    }

    [Fact(Timeout = 120_000)]
    public async Task A_refusal_names_the_files_that_are_not_text_where_the_stream_may_be()
    {
        var name = NewName();
        var files = Files();
        files[File] = "# a NUL byte: \0\n" + files[File];
        var url = Server.CreateRepository(name, files);

        var report = await new RollbackRunner(new LibGit2SharpWorkspaceFactory(Options(Server)), NullLogger.Instance).RunAsync(Request(url), CancellationToken.None);

        Assert.Equal(RollbackOutcome.Refused, report.Outcome);
        Assert.EndsWith("\nfiles that could not be read:\n  streams/ubuntu.yaml:1:15: the file holds a NUL byte, so it is not YAML or JSON text", report.Refusal, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120_000)]
    public async Task Push_to_base_plans_again_on_the_moved_base_and_keeps_the_other_commit()
    {
        var name = NewName();
        var url = Server.CreateRepository(name, Files());
        using var person = GitWorkTree.Clone(url.Replace("http://", $"http://{Server.User}:{Server.Password}@", StringComparison.Ordinal));
        var moved = false;
        var factory = new MovingBaseFactory(new LibGit2SharpWorkspaceFactory(Options(Server)), () =>
        {
            // Someone pushes to main between the run's read and its push, once.
            if (!moved)
            {
                moved = true;
                person.Write("README.md", "# images, by hand\n");
                person.Commit("Edit the README");
                person.Push();
            }
        });

        var report = await new RollbackRunner(factory, NullLogger.Instance).RunAsync(Request(url, pushToBase: true), CancellationToken.None);

        Assert.Equal((RollbackOutcome.Pushed, 2), (report.Outcome, report.Attempts));
        var bare = Server.RepositoryPath(name);
        Assert.Equal(person.Head, GitCli.RevParse(bare, "main^"));
        Assert.Equal("# images, by hand\n", GitCli.Run(bare, "show", "main:README.md"));
        var record = CommitMessageParser.Parse(GitCli.Run(bare, "log", "-1", "--format=%B", "main"));
        Assert.Equal([new RejectedTrailer(new TagKey(File, "myubuntu", "16.04"), Core.Images.Digest.Parse(Digest(3)))], record.Rejected);
    }

    /// <summary>The real workspace, with <paramref name="beforePublish"/> run before each publish.</summary>
    private sealed class MovingBaseFactory(IRepositoryWorkspaceFactory inner, Action beforePublish) : IRepositoryWorkspaceFactory
    {
        public async Task<IRepositoryWorkspace> OpenAsync(WorkspaceRequest request, CancellationToken cancellationToken) =>
            new MovingBase(await inner.OpenAsync(request, cancellationToken), beforePublish);
    }

    private sealed class MovingBase(IRepositoryWorkspace inner, Action beforePublish) : IRepositoryWorkspace
    {
        public string DisplayLocation => inner.DisplayLocation;
        public string BaseBranch => inner.BaseBranch;
        public string BaseCommit => inner.BaseCommit;
        public bool HasRemote => inner.HasRemote;

        public void UseBaseBranch(string branch) => inner.UseBaseBranch(branch);

        public IReadOnlyList<SourceFile> ReadFiles(Func<string, bool> include) => inner.ReadFiles(include);

        public SourceFileSet ReadSourceFiles(Func<string, bool> include) => inner.ReadSourceFiles(include);

        public BranchCommit? ReadPublishedBranch(string branch) => inner.ReadPublishedBranch(branch);

        public IReadOnlyList<string> ReadPublishedBranchNames() => inner.ReadPublishedBranchNames();

        public Task DeleteBranchAsync(string branch, string expectedTip, CancellationToken cancellationToken) => inner.DeleteBranchAsync(branch, expectedTip, cancellationToken);

        public Task<CreatedCommit> CommitAsync(CommitRequest request, CancellationToken cancellationToken) => inner.CommitAsync(request, cancellationToken);

        public Task<PublishOutcome> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
        {
            beforePublish();
            return inner.PublishAsync(request, cancellationToken);
        }

        public Task RefreshAsync(CancellationToken cancellationToken) => inner.RefreshAsync(cancellationToken);

        public void Dispose() => inner.Dispose();
    }
}
