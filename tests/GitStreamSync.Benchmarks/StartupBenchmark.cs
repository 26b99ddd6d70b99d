using System.Diagnostics;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// Start-up against its floor in the same run: a <c>dotnet</c> hello-world and the CLI, both
/// published here the same way (--mode: fdd = framework-dependent, as the .NET tool runs; r2r =
/// framework-dependent for linux-x64, compiled ahead of time; single = self-contained single file,
/// also ReadyToRun; aot = Native AOT, as the release binaries and the container image), then per run a
/// fresh process of each: hello-world, <c>--version</c>, <c>validate example-repo</c>. Prints the
/// medians and each ratio to hello-world. <c>--cli PATH</c> measures a build published elsewhere
/// (in the same mode) instead of publishing this tree; <c>--baseline-cli PATH</c> times a second
/// build (say, before a change) in the same runs, so the two are compared under the same load.
/// </summary>
internal static class StartupBenchmark
{
    public static int Run(string[] args)
    {
        var runs = Resolve.PlanCliBenchmark.IntOption(args, "--runs", 5);
        var mode = Resolve.PlanCliBenchmark.StringOption(args, "--mode") ?? "fdd";
        var root = CliPaths.RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("gss-bench-startup-").FullName;
        try
        {
            string[] publish = mode switch
            {
                "fdd" => [],
                // Any publish for one platform but Native AOT: compiled ahead (ReadyToRun), the hello-world too.
                "r2r" => ["-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true"],
                "single" => ["-r", "linux-x64", "--self-contained", "-p:PublishSingleFile=true", "-p:IncludeNativeLibrariesForSelfExtract=true", "-p:DebugType=none", "-p:PublishReadyToRun=true"],
                // Native AOT, as the release binaries and the container image ship.
                "aot" => ["-r", "linux-x64", "-p:PublishAot=true", "-p:DebugType=none"],
                _ => throw new ArgumentException($"--mode {mode}: expected fdd, r2r, single or aot"),
            };
            var hello = Path.Combine(work, "hello");
            Directory.CreateDirectory(hello);
            File.WriteAllText(Path.Combine(hello, "hello.csproj"),
                "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework>"
                + "<InvariantGlobalization>true</InvariantGlobalization><ImplicitUsings>enable</ImplicitUsings></PropertyGroup></Project>");
            File.WriteAllText(Path.Combine(hello, "Program.cs"), "Console.WriteLine(\"hello\");\n");
            Publish(Path.Combine(hello, "hello.csproj"), Path.Combine(work, "hello-out"), publish);
            var cli = Resolve.PlanCliBenchmark.StringOption(args, "--cli");
            if (cli is null)
            {
                Publish(Path.Combine(root, "src/GitStreamSync.Cli"), Path.Combine(work, "cli-out"),
                    [.. publish, "-p:RestoreLockedMode=false", "-p:NuGetLockFilePath=obj/packages.publish.lock.json"]);
                cli = Path.Combine(work, "cli-out", "gitstreamsync");
            }

            var baseline = Resolve.PlanCliBenchmark.StringOption(args, "--baseline-cli");
            var helloProgram = Path.Combine(work, "hello-out", "hello");

            var helloRuns = new Series();
            var measured = new Commands();
            var baselineMeasured = new Commands();
            CliMeasure.Run(helloProgram, [], work);
            CliMeasure.Run(cli, ["--version"], work);
            if (baseline is not null)
            {
                CliMeasure.Run(baseline, ["--version"], work);
            }

            for (var run = 1; run <= runs; run++)
            {
                helloRuns.Add(CliMeasure.Run(helloProgram, [], work));
                var (version, validate) = measured.Run(cli, work, root);
                var line = $"run {run}: hello {helloRuns.Wall[^1]:0} ms | --version {version.WallMs:0} ms | validate example-repo {validate.WallMs:0} ms (exit {validate.ExitCode})";
                if (baseline is not null)
                {
                    var (baseVersion, baseValidate) = baselineMeasured.Run(baseline, work, root);
                    line += $" | baseline --version {baseVersion.WallMs:0} ms, validate {baseValidate.WallMs:0} ms";
                }

                Console.WriteLine($"{line} | load {Resolve.PlanCliBenchmark.LoadAverage()}");
            }

            var floor = Resolve.PlanCliBenchmark.Median(helloRuns.Wall);
            var cpuFloor = Resolve.PlanCliBenchmark.Median(helloRuns.Cpu);
            Console.WriteLine();
            Console.WriteLine($"publish mode                  {mode} ({(publish.Length == 0 ? "dotnet publish -c Release" : string.Join(' ', publish))})");
            Console.WriteLine($"hello-world                   median {floor:0} ms ({Resolve.PlanCliBenchmark.Join(helloRuns.Wall)})");
            measured.Print("", floor, cpuFloor);
            if (baseline is not null)
            {
                Console.WriteLine($"baseline {baseline}");
                baselineMeasured.Print("  ", floor, cpuFloor);
            }

            Console.WriteLine($"load average at the end       {Resolve.PlanCliBenchmark.LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>Wall and CPU times of one command over the runs.</summary>
    private sealed class Series
    {
        public List<double> Wall { get; } = [];
        public List<double> Cpu { get; } = [];

        public void Add(CliMeasure.Result result)
        {
            Wall.Add(result.WallMs);
            Cpu.Add(result.CpuMs);
        }
    }

    /// <summary>The two commands timed for one build: <c>--version</c> and <c>validate example-repo</c>.</summary>
    private sealed class Commands
    {
        private readonly Series version = new();
        private readonly Series validate = new();

        public (CliMeasure.Result Version, CliMeasure.Result Validate) Run(string program, string work, string root)
        {
            var versionRun = CliMeasure.Run(program, ["--version"], work);
            var validateRun = CliMeasure.Run(program, ["validate", "example-repo"], root);
            version.Add(versionRun);
            validate.Add(validateRun);
            return (versionRun, validateRun);
        }

        public void Print(string indent, double floor, double cpuFloor)
        {
            var pad = new string(' ', 30 - indent.Length);
            Console.WriteLine($"{indent}--version{pad[9..]}median {Median(version.Wall):0} ms ({Resolve.PlanCliBenchmark.Join(version.Wall)}), ratio {Median(version.Wall) / floor:0.00}");
            Console.WriteLine($"{indent}validate example-repo{pad[21..]}median {Median(validate.Wall):0} ms ({Resolve.PlanCliBenchmark.Join(validate.Wall)}), ratio {Median(validate.Wall) / floor:0.00}");
            // /usr/bin/time counts CPU in 10 ms steps: a Native AOT hello-world reads 0, and no ratio can be taken.
            Console.WriteLine(cpuFloor > 0
                ? $"{indent}CPU (user+sys), medians{pad[23..]}hello-world {cpuFloor:0} ms; --version {Median(version.Cpu):0} ms (ratio {Median(version.Cpu) / cpuFloor:0.00}); validate {Median(validate.Cpu):0} ms (ratio {Median(validate.Cpu) / cpuFloor:0.00})"
                : $"{indent}CPU (user+sys), medians{pad[23..]}--version {Median(version.Cpu):0} ms; validate {Median(validate.Cpu):0} ms; no ratios: the hello-world is under the 10 ms step of the CPU clock");
        }

        private static double Median(List<double> values) => Resolve.PlanCliBenchmark.Median(values);
    }

    private static void Publish(string project, string output, IReadOnlyList<string> extra)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "quiet" }.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet publish did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish {project} failed: {stdout.Result}{stderr.Result}");
        }
    }
}
