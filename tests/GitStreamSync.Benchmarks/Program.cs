namespace GitStreamSync.Benchmarks;

/// <summary>
/// Measurements, run by hand in Release: <c>dotnet run --project tests/GitStreamSync.Benchmarks -c Release -- BENCHMARK [options]</c>.
/// Each benchmark is one line below; results go to stdout.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var name = args.Length > 0 ? args[0] : "";
        var options = args.Skip(1).ToArray();
        switch (name)
        {
            case "validate":
                return await ValidateBenchmark.RunAsync(options);
            case "plan":
                return PlanBenchmark.Run(options);
            case "plan-cli":
                return await Resolve.PlanCliBenchmark.RunAsync(options);
            case "startup":
                return StartupBenchmark.Run(options);
            case "resolve":
                return await Resolve.ResolveBenchmark.RunAsync(options);
            case Resolve.ResolveWorker.Mode:
                return await Resolve.ResolveWorker.RunAsync(options);
            case "rollback-history":
                return RollbackHistoryBenchmark.Run(options);
            case "sync":
                return await SyncBenchmark.RunAsync(options);
            case "fetch":
                return await FetchBenchmark.RunAsync(options);
            case "shards":
                return await ShardBenchmark.RunAsync(options);
            case "views":
                return await ViewsBenchmark.RunAsync(options);
            case "seed-example":
                return await ExampleSeeding.SeedAsync(options);
            case "example-hosts":
                return ExampleSeeding.Hosts(options);
            case GitHubFakeServer.Mode:
                return await GitHubFakeServer.ServeAsync(options);
            case PullRequestPrinter.Mode:
                return await PullRequestPrinter.PrintAsync(options);
            default:
                await Console.Error.WriteLineAsync("usage: dotnet run --project tests/GitStreamSync.Benchmarks -c Release -- <benchmark> [options]");
                await Console.Error.WriteLineAsync("benchmarks: validate [--files 1000] [--tags 10000] [--runs 5] [--keep DIR]");
                await Console.Error.WriteLineAsync("            plan [--files 1000] [--tags 10000] [--runs 5]   (select+plan in process, no network)");
                await Console.Error.WriteLineAsync("            plan-cli [--tags 1000] [--files 100] [--repositories 10] [--multi-percent 10] [--runs 5] [--cli gitstreamsync.dll] [--baseline-cli OTHER.dll] [--trace FILE.nettrace] [--hold SECONDS]");
                await Console.Error.WriteLineAsync("                     (the CLI's plan, fresh process, against curl --parallel HEAD in the same run)");
                await Console.Error.WriteLineAsync("            startup [--mode fdd|r2r|single|aot] [--runs 5] [--cli PUBLISHED] [--baseline-cli OTHER]   (--version, validate example-repo against a hello-world published the same way)");
                await Console.Error.WriteLineAsync("            resolve [--tags 1000] [--repositories 10] [--multi-percent 10] [--runs 5] [--auth none|token]");
                await Console.Error.WriteLineAsync("            rollback-history [--commits 10000] [--reverts 20] [--hand-edit-percent 5] [--runs 5]");
                await Console.Error.WriteLineAsync("            views [--files 1000] [--tags 10000] [--runs 5]   (get is, get istag, render)");
                await Console.Error.WriteLineAsync("            sync [--files 1000] [--tags-per-file 10] [--moved-percent 1] [--runs 5] [--cli gitstreamsync.dll]");
                await Console.Error.WriteLineAsync("            fetch [--files 1000] [--changed 10] [--history 30] [--runs 5]   (the worker's cached clone update against git fetch)");
                await Console.Error.WriteLineAsync("            shards [--files 200] [--tags-per-file 10] [--latency-ms 20] [--shards 1,2,4] [--runs 3] [--sequential] [--cli gitstreamsync.dll]");
                await Console.Error.WriteLineAsync("tools for tests/demo.sh: seed-example REGISTRY_URL FOLDER GENERATION [REFERENCE...], example-hosts FOLDER,");
                await Console.Error.WriteLineAsync("            github-fake URL_FILE OWNER/REPO TOKEN, pull-requests API_URL OWNER/REPO [NUMBER] (token from GITHUB_TOKEN)");
                return 2;
        }
    }
}
