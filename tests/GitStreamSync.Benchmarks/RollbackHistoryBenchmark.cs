using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Record;
using GitStreamSync.Core.Rollback;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Rollback;
using LibGit2Sharp;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// Rollback detection over a long history: a bare repository of N commits (the tool's updates, one in
/// ten merged through a merge commit, people's edits of other files and of the status, and R reverts
/// of the tool's commits) is generated as objects, then the history is read and the rejections derived,
/// at the default depth and at the full depth, several times; the median wall time is printed.
/// </summary>
internal static class RollbackHistoryBenchmark
{
    private const int Files = 50;
    private const int TagsPerFile = 5;

    public static int Run(string[] args)
    {
        var commits = Option(args, "--commits", 10_000);
        var reverts = Option(args, "--reverts", 20);
        var runs = Option(args, "--runs", 5);
        var handEdits = Option(args, "--hand-edit-percent", 5);
        using var directory = new TemporaryDirectory("rollback-bench");
        var generate = Stopwatch.StartNew();
        var (path, tip) = Generate(Path.Combine(directory.Path, "repo.git"), commits, reverts, handEdits);
        Console.WriteLine($"generated {commits} commits ({handEdits}% hand edits of a status) with {reverts} reverts in {generate.Elapsed.TotalSeconds:F1} s");

        using var repository = new Repository(path);
        foreach (var depth in new[] { CommitHistory.DefaultDepth, commits + 1 })
        {
            var times = new List<double>();
            var cpu = new List<double>();
            var found = 0;
            var read = 0;
            for (var run = 0; run < runs; run++)
            {
                var processor = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var history = CommitHistoryReader.Read(repository, tip, depth, CancellationToken.None);
                var rejected = RejectionFinder.Find(new RollbackEvidence(history.Commits, []));
                times.Add(watch.Elapsed.TotalMilliseconds);
                cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - processor).TotalMilliseconds);
                found = rejected.Count;
                read = history.Commits.Count;
            }

            times.Sort();
            cpu.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"depth {depth}: read {read} commits, {found} rejected digests; median {times[times.Count / 2]:F0} ms (min {times[0]:F0}, max {times[^1]:F0}), CPU median {cpu[cpu.Count / 2]:F0} ms, over {runs} runs; load average {LoadAverage()}"));
        }

        return 0;
    }

    // The machine is shared: the load says how far wall time can be trusted.
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static (string Path, string Tip) Generate(string path, int count, int reverts, int handEditPercent)
    {
        Repository.Init(path, isBare: true);
        using var repository = new Repository(path);
        var random = new Random(7);
        var digests = new int[Files, TagsPerFile];
        var tool = new Signature("GitStreamSync", "gitstreamsync@users.noreply.github.com", StreamFiles.Created);
        var person = new Signature("Pat Person", "pat@example.invalid", StreamFiles.Created);
        var definition = new TreeDefinition();
        for (var f = 0; f < Files; f++)
        {
            definition.Add(FilePath(f), Blob(repository, Render(f, digests)), Mode.NonExecutableFile);
        }

        definition.Add("README.md", Blob(repository, "# images\n"), Mode.NonExecutableFile);
        var head = repository.ObjectDatabase.CreateCommit(person, person, "Add ImageStreams\n", repository.ObjectDatabase.CreateTree(definition), [], prettifyMessage: false);
        var revertEvery = count / (reverts + 1);
        var next = 1;
        for (var i = 1; i < count; i++)
        {
            var when = StreamFiles.Created.AddMinutes(i);
            tool = new Signature(tool.Name, tool.Email, when);
            person = new Signature(person.Name, person.Email, when);
            var file = random.Next(Files);
            var tag = random.Next(TagsPerFile);
            if (i % revertEvery == 0 && i / revertEvery <= reverts && head.Parents.Count() == 1 && head.Message.Contains(CommitTrailerNames.Run, StringComparison.Ordinal))
            {
                // git revert of the tool's commit just made: the parent's tree again.
                var message = $"Revert \"{head.MessageShort}\"\n\nThis reverts commit {head.Sha}.\n";
                head = repository.ObjectDatabase.CreateCommit(person, person, message, head.Parents.Single().Tree, [head], prettifyMessage: false);
                continue;
            }

            var roll = random.Next(100);
            if (roll < 70)
            {
                var old = digests[file, tag];
                digests[file, tag] = ++next;
                var message = CommitMessageWriter.Write(new CommitContent(
                    [new DigestTrailer(new TagKey(FilePath(file), Name(file), Tag(tag)), Core.Images.Digest.Parse(StreamFiles.Digest(old)), Core.Images.Digest.Parse(StreamFiles.Digest(next)))],
                    [],
                    "run-" + i.ToString(CultureInfo.InvariantCulture)));
                var tree = Change(repository, head.Tree, FilePath(file), Render(file, digests));
                if (i % 10 == 0)
                {
                    var side = repository.ObjectDatabase.CreateCommit(tool, tool, message, tree, [head], prettifyMessage: false);
                    head = repository.ObjectDatabase.CreateCommit(person, person, $"Merge pull request #{i} from acme/gitstreamsync/main\n", tree, [head, side], prettifyMessage: false);
                }
                else
                {
                    head = repository.ObjectDatabase.CreateCommit(tool, tool, message, tree, [head], prettifyMessage: false);
                }
            }
            else if (roll < 100 - handEditPercent)
            {
                var tree = Change(repository, head.Tree, "README.md", $"# images\n\nrevision {i}\n");
                head = repository.ObjectDatabase.CreateCommit(person, person, $"Docs: revision {i}\n", tree, [head], prettifyMessage: false);
            }
            else
            {
                digests[file, tag] = ++next;
                var tree = Change(repository, head.Tree, FilePath(file), Render(file, digests));
                head = repository.ObjectDatabase.CreateCommit(person, person, $"Set {Name(file)}:{Tag(tag)} by hand\n", tree, [head], prettifyMessage: false);
            }
        }

        repository.Refs.Add("refs/heads/main", head.Id);

        // A clone is packed; objects written one by one are loose files, each read costing a file open.
        GitCli.Run(path, "repack", "-a", "-d", "-q");
        return (path, head.Sha);
    }

    private static Tree Change(Repository repository, Tree tree, string path, string text)
    {
        var definition = TreeDefinition.From(tree);
        definition.Add(path, Blob(repository, text), Mode.NonExecutableFile);
        return repository.ObjectDatabase.CreateTree(definition);
    }

    private static LibGit2Sharp.Blob Blob(Repository repository, string text)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return repository.ObjectDatabase.CreateBlob(content);
    }

    private static string Render(int file, int[,] digests) => StreamFiles.Yaml(
        Name(file),
        Enumerable.Range(0, TagsPerFile)
            .Select(t => new StreamTag(Tag(t), $"registry.example/{Name(file)}:{Tag(t)}", [StreamFiles.Digest(digests[file, t])]))
            .ToArray());

    private static string FilePath(int file) => $"streams/team{file % 5}/{Name(file)}.yaml";

    private static string Name(int file) => "app" + file.ToString(CultureInfo.InvariantCulture);

    private static string Tag(int tag) => "v" + tag.ToString(CultureInfo.InvariantCulture);

    private static int Option(string[] args, string name, int fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
