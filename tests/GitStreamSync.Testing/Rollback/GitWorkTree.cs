using GitStreamSync.Testing.Git;

namespace GitStreamSync.Testing.Rollback;

/// <summary>
/// A person's working copy driven by the git command line: the commits, reverts and merges that
/// people make on the base branch, which rollback detection must read back. Under /dev/shm.
/// </summary>
public sealed class GitWorkTree : IDisposable
{
    public const string PersonName = "Pat Person";

    private static readonly Dictionary<string, string> Person = new()
    {
        ["GIT_AUTHOR_NAME"] = PersonName,
        ["GIT_AUTHOR_EMAIL"] = "pat@example.invalid",
        ["GIT_COMMITTER_NAME"] = PersonName,
        ["GIT_COMMITTER_EMAIL"] = "pat@example.invalid",
    };

    private readonly TemporaryDirectory directory;
    private int tick;

    private GitWorkTree(TemporaryDirectory directory, string path)
    {
        this.directory = directory;
        Path = path;
    }

    public string Path { get; }

    public string Head => Git("rev-parse", "HEAD").Trim();

    /// <summary>A new repository with one commit of <paramref name="files"/> on <paramref name="branch"/>.</summary>
    public static GitWorkTree Init(IReadOnlyDictionary<string, string> files, string branch = "main")
    {
        var directory = new TemporaryDirectory("work");
        var tree = new GitWorkTree(directory, System.IO.Path.Combine(directory.Path, "w"));
        GitCli.Run(directory.Path, "init", "-q", $"--initial-branch={branch}", tree.Path);
        tree.Write(files);
        tree.Commit("Add ImageStreams");
        return tree;
    }

    /// <summary>A clone of <paramref name="source"/> (a bare repository path or file URL) with <paramref name="branch"/> checked out.</summary>
    public static GitWorkTree Clone(string source, string branch = "main")
    {
        var directory = new TemporaryDirectory("work");
        var tree = new GitWorkTree(directory, System.IO.Path.Combine(directory.Path, "w"));
        GitCli.Run(directory.Path, "clone", "-q", "--branch", branch, source, tree.Path);
        return tree;
    }

    public string Git(params string[] args) => GitCli.Run(Path, NextClock(), args);

    public void Write(IReadOnlyDictionary<string, string> files) => GitCli.WriteFiles(Path, files);

    public void Write(string path, string text) => Write(new Dictionary<string, string> { [path] = text });

    public string Read(string path) => File.ReadAllText(System.IO.Path.Combine(Path, path));

    /// <summary>Commits every change as a person; returns the new commit id.</summary>
    public string Commit(string message)
    {
        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Head;
    }

    /// <summary><c>git revert</c> (with <c>-m 1</c> for a merge commit); returns the revert's id.</summary>
    public string Revert(string commit, bool merge = false)
    {
        if (merge)
        {
            Git("revert", "--no-edit", "-m", "1", commit);
        }
        else
        {
            Git("revert", "--no-edit", commit);
        }

        return Head;
    }

    /// <summary>Fetches and resets <paramref name="branch"/> to the remote's.</summary>
    public void Pull(string branch = "main")
    {
        Git("fetch", "-q", "origin");
        Git("checkout", "-q", branch);
        Git("reset", "-q", "--hard", "origin/" + branch);
    }

    public void Push(string branch = "main") => Git("push", "-q", "origin", branch);

    public void Dispose() => directory.Dispose();

    // Distinct, increasing commit times: the order of commits and pull-request closes is part of what is tested.
    private Dictionary<string, string> NextClock()
    {
        var when = (1_795_000_000 + (++tick * 60)).ToString(System.Globalization.CultureInfo.InvariantCulture) + " +0000";
        return new Dictionary<string, string>(Person) { ["GIT_AUTHOR_DATE"] = when, ["GIT_COMMITTER_DATE"] = when };
    }
}
