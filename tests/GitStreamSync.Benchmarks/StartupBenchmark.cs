using System.Diagnostics;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// Start-up against its floor in the same run: a <c>dotnet</c> hello-world and the CLI, both
/// published here the same way (--mode: fdd = framework-dependent, as the .NET tool runs; r2r =
/// framework-dependent for linux-x64, compiled ahead of time; single = self-contained single file,
/// as the release binaries and the container image, also ReadyToRun), then per run a
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
                // The release binaries and the container image: compiled ahead (ReadyToRun), the hello-world too.
                "r2r" => ["-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true"],
                "single" => ["-r", "linux-x64", "--self-contained", "-p:PublishSingleFile=true", "-p:IncludeNativeLibrariesForSelfExtract=true", "-p:DebugType=none", "-p:PublishReadyToRun=true"],
                // Native AOT, as the release binaries and the container image now ship.
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

            var helloRuns = new List<double>();
            var versionRuns = new List<double>();
            var validateRuns = new List<double>();
            var helloCpu = new List<double>();
            var versionCpu = new List<double>();
            var validateCpu = new List<double>();
            var baseVersionRuns = new List<double>();
            var baseValidateRuns = new List<double>();
            var baseVersionCpu = new List<double>();
            var baseValidateCpu = new List<double>();
            CliMeasure.Run(helloProgram, [], work);
            CliMeasure.Run(cli, ["--version"], work);
            if (baseline is not null)
            {
                CliMeasure.Run(baseline, ["--version"], work);
            }

            for (var run = 1; run <= runs; run++)
            {
                var helloRun = CliMeasure.Run(helloProgram, [], work);
                var version = CliMeasure.Run(cli, ["--version"], work);
                var validate = CliMeasure.Run(cli, ["validate", "example-repo"], root);
                helloRuns.Add(helloRun.WallMs);
                versionRuns.Add(version.WallMs);
                validateRuns.Add(validate.WallMs);
                helloCpu.Add(helloRun.CpuMs);
                versionCpu.Add(version.CpuMs);
                validateCpu.Add(validate.CpuMs);
                var line = $"run {run}: hello {helloRuns[^1]:0} ms | --version {versionRuns[^1]:0} ms | validate example-repo {validate.WallMs:0} ms (exit {validate.ExitCode})";
                if (baseline is not null)
                {
                    var baseVersion = CliMeasure.Run(baseline, ["--version"], work);
                    var baseValidate = CliMeasure.Run(baseline, ["validate", "example-repo"], root);
                    baseVersionRuns.Add(baseVersion.WallMs);
                    baseValidateRuns.Add(baseValidate.WallMs);
                    baseVersionCpu.Add(baseVersion.CpuMs);
                    baseValidateCpu.Add(baseValidate.CpuMs);
                    line += $" | baseline --version {baseVersion.WallMs:0} ms, validate {baseValidate.WallMs:0} ms";
                }

                Console.WriteLine($"{line} | load {Resolve.PlanCliBenchmark.LoadAverage()}");
            }

            var floor = Resolve.PlanCliBenchmark.Median(helloRuns);
            Console.WriteLine();
            Console.WriteLine($"publish mode                  {mode} ({(publish.Length == 0 ? "dotnet publish -c Release" : string.Join(' ', publish))})");
            Console.WriteLine($"hello-world                   median {floor:0} ms ({Resolve.PlanCliBenchmark.Join(helloRuns)})");
            Console.WriteLine($"--version                     median {Resolve.PlanCliBenchmark.Median(versionRuns):0} ms ({Resolve.PlanCliBenchmark.Join(versionRuns)}), ratio {Resolve.PlanCliBenchmark.Median(versionRuns) / floor:0.00}");
            Console.WriteLine($"validate example-repo         median {Resolve.PlanCliBenchmark.Median(validateRuns):0} ms ({Resolve.PlanCliBenchmark.Join(validateRuns)}), ratio {Resolve.PlanCliBenchmark.Median(validateRuns) / floor:0.00}");
            var cpuFloor = Resolve.PlanCliBenchmark.Median(helloCpu);
            Console.WriteLine($"CPU (user+sys), medians       hello-world {cpuFloor:0} ms; --version {Resolve.PlanCliBenchmark.Median(versionCpu):0} ms (ratio {Resolve.PlanCliBenchmark.Median(versionCpu) / cpuFloor:0.00}); "
                + $"validate {Resolve.PlanCliBenchmark.Median(validateCpu):0} ms (ratio {Resolve.PlanCliBenchmark.Median(validateCpu) / cpuFloor:0.00})");
            if (baseline is not null)
            {
                Console.WriteLine($"baseline {baseline}");
                Console.WriteLine($"  --version                   median {Resolve.PlanCliBenchmark.Median(baseVersionRuns):0} ms ({Resolve.PlanCliBenchmark.Join(baseVersionRuns)}), ratio {Resolve.PlanCliBenchmark.Median(baseVersionRuns) / floor:0.00}");
                Console.WriteLine($"  validate example-repo       median {Resolve.PlanCliBenchmark.Median(baseValidateRuns):0} ms ({Resolve.PlanCliBenchmark.Join(baseValidateRuns)}), ratio {Resolve.PlanCliBenchmark.Median(baseValidateRuns) / floor:0.00}");
                Console.WriteLine($"  CPU (user+sys), medians     --version {Resolve.PlanCliBenchmark.Median(baseVersionCpu):0} ms (ratio {Resolve.PlanCliBenchmark.Median(baseVersionCpu) / cpuFloor:0.00}); "
                    + $"validate {Resolve.PlanCliBenchmark.Median(baseValidateCpu):0} ms (ratio {Resolve.PlanCliBenchmark.Median(baseValidateCpu) / cpuFloor:0.00})");
            }

            Console.WriteLine($"load average at the end       {Resolve.PlanCliBenchmark.LoadAverage()}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
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
