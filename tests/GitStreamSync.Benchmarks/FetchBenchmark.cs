using System.Diagnostics;
using System.Globalization;
using GitStreamSync.Adapters.Git;
using GitStreamSync.Core.Ports;
using GitStreamSync.Testing.Git;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// The worker's Git update against the Git command line's, on a generated repository (default
/// 1,000 files) served by the loopback smart-HTTP server. Before each round the upstream gains a
/// few commits (default 10 files changed); then the tool's cached clone is opened as a worker
/// cycle opens it (check, fetch, read the base tip) and a bare clone made by <c>git clone --bare</c>
/// is updated by <c>git fetch</c>, both fetching the same new commits. The worker is a
/// long-running process, so its open is timed in process; the floor is a fresh <c>git</c>
/// process. With <c>--parallel N</c> the worker keeps N cached clones and opens them at once, as
/// it does for several repositories, against N <c>git fetch</c> processes started together.
/// Medians of the rounds and their ratio.
/// </summary>
internal static class FetchBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var files = Resolve.PlanCliBenchmark.IntOption(args, "--files", 1000);
        var changed = Resolve.PlanCliBenchmark.IntOption(args, "--changed", 10);
        var runs = Resolve.PlanCliBenchmark.IntOption(args, "--runs", 5);
        var history = Resolve.PlanCliBenchmark.IntOption(args, "--history", 30);
        var parallel = Resolve.PlanCliBenchmark.IntOption(args, "--parallel", 1);
        Console.WriteLine($"fetch benchmark: {files} files, {history} commits of history, {changed} files changed upstream per round, {runs} rounds, {parallel} clone(s) updated at once");

        using var git = GitHttpServer.Start();
        using var work = new TemporaryDirectory("gss-fetch-bench");
        var url = git.CreateRepository("bench", Enumerable.Range(0, files).ToDictionary(
            i => $"imagestreams/app-{i:D4}.yaml",
            i => $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app-{i:D4}\nspec:\n  tags:\n  - name: latest\n    from:\n      kind: DockerImage\n      name: docker.io/library/app-{i:D4}:1.0\n"));
        var upstream = Path.Combine(work.Path, "upstream");
        GitCli.Run(work.Path, "clone", "-q", git.RepositoryPath("bench"), upstream);

        // A repository with some history, as real ones have: libgit2 tells the server what it has in
        // batches of 20 commits, so a clone of fewer fetches in fewer requests than any real one.
        for (var commit = 1; commit < history; commit++)
        {
            File.AppendAllText(Path.Combine(upstream, "imagestreams", $"app-{commit % files:D4}.yaml"), $"# history {commit}\n");
            GitCli.Run(upstream, "commit", "-q", "-am", $"history {commit}");
        }

        GitCli.Run(upstream, "push", "-q", "origin", "main");
        var floorClones = Enumerable.Range(0, parallel).Select(n => Path.Combine(work.Path, $"git-cli-{n}.git")).ToList();
        foreach (var floorClone in floorClones)
        {
            GitCli.Run(work.Path, "clone", "-q", "--bare", url, floorClone);
        }

        var factories = Enumerable.Range(0, parallel).Select(n => new LibGit2SharpWorkspaceFactory(new GitWorkspaceOptions
        {
            Credentials = new GitCredentials(git.User, git.Password),
            CacheDirectory = Path.Combine(work.Path, $"cache-{n}"),
        })).ToList();
        foreach (var factory in factories)
        {
            using (await factory.OpenAsync(new WorkspaceRequest(url), CancellationToken.None))
            {
                // The first open clones into the cache; rounds measure the updates after it.
            }
        }

        var tool = new List<double>();
        var floor = new List<double>();
        for (var round = 0; round < runs; round++)
        {
            for (var i = 0; i < changed; i++)
            {
                var path = Path.Combine(upstream, "imagestreams", $"app-{(round * changed + i) % files:D4}.yaml");
                File.AppendAllText(path, $"# round {round}\n");
                GitCli.Run(upstream, "commit", "-q", "-am", $"round {round}, change {i}");
            }

            GitCli.Run(upstream, "push", "-q", "origin", "main");
            var expected = GitCli.RevParse(git.RepositoryPath("bench"), "refs/heads/main");

            var clock = Stopwatch.StartNew();
            var workspaces = await Task.WhenAll(factories.Select(factory => factory.OpenAsync(new WorkspaceRequest(url), CancellationToken.None)));
            tool.Add(clock.Elapsed.TotalMilliseconds);
            foreach (var workspace in workspaces)
            {
                workspace.Dispose();
            }

            clock.Restart();
            await Task.WhenAll(floorClones.Select(floorClone => Task.Run(() => GitCli.Run(floorClone, "fetch", "-q", "origin", "+refs/heads/*:refs/heads/*"))));
            floor.Add(clock.Elapsed.TotalMilliseconds);
            if (floorClones.Any(floorClone => GitCli.RevParse(floorClone, "refs/heads/main") != expected))
            {
                Console.Error.WriteLine("git fetch did not bring the new commits");
                return 1;
            }

            Console.WriteLine($"round {round + 1}: worker open+fetch {tool[^1]:F0} ms, git fetch {floor[^1]:F0} ms (ratio {tool[^1] / floor[^1]:F2}); load {Resolve.PlanCliBenchmark.LoadAverage()}");
        }

        var toolMedian = tool.Order().ElementAt(runs / 2);
        var floorMedian = floor.Order().ElementAt(runs / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"medians: worker {toolMedian:F0} ms, git fetch {floorMedian:F0} ms; ratio worker/git {toolMedian / floorMedian:F2}"));
        return 0;
    }
}
