using GitStreamSync.Testing.Registry;
using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace GitStreamSync.Cli.Tests.BadInput;

/// <summary>
/// More than a thousand bad files made from real ones, through <c>validate</c> and <c>plan</c>, all in
/// one folder and a sample one at a time: no crash, no hang, bounded memory, every file read or
/// named, and both commands name each file's reading problem with the same words. Figures (time,
/// peak memory, counts) are written to the test output.
/// </summary>
public sealed class BadInputFolderTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Count = 1_100;
    private const int Seed = 20_261_206;
    private const int AloneSample = 40;

    /// <summary>Far above what a run needs (about 300 MB for the whole folder here): only a leak or an alias bomb reaches it.</summary>
    private const long MemoryBound = 2L * 1024 * 1024 * 1024;

    /// <summary>A bounded wait: only a hang reaches it.</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromMinutes(5);

    private readonly string root = Directory.CreateTempSubdirectory("gss-bad-input-").FullName;
    private RegistryServer registry = null!;

    public async Task InitializeAsync() => registry = await RegistryServer.StartAsync();

    public async Task DisposeAsync()
    {
        await registry.DisposeAsync();
        Directory.Delete(root, recursive: true);
    }

    [Fact]
    public async Task Validate_and_plan_survive_and_name_every_bad_file_alike_in_one_folder_and_alone()
    {
        var outside = Directory.CreateDirectory(Path.Combine(root, "outside")).FullName;
        File.WriteAllText(Path.Combine(outside, "secret.yaml"), "password: CANARY-OUTSIDE-THE-REPOSITORY\n");
        var folder = Directory.CreateDirectory(Path.Combine(root, "repo")).FullName;
        var seeds = BadInputGenerator.Seeds(RepositoryRoot.Path, registry.HostPort);
        var inputs = BadInputGenerator.Generate(seeds, Count, Seed, registry.HostPort, outside);
        BadInputGenerator.Write(folder, inputs);

        var validate = await RunAsync("validate", folder);
        var plan = await RunAsync("plan", folder);

        Assert.True(validate.Result.ExitCode == 2, validate.Result.Error);
        Assert.True(plan.Result.ExitCode == 1, plan.Result.Error);
        var validateProblems = ValidateProblems(validate.Result.Out);
        var planProblems = PlanProblems(plan.Result.Out);
        Assert.Equal(Count, JsonDocument.Parse(validate.Result.Out).RootElement.GetProperty("summary").GetProperty("files").GetInt32());
        Assert.DoesNotContain("CANARY", validate.Result.Out + validate.Result.Error + plan.Result.Out + plan.Result.Error, StringComparison.Ordinal);
        foreach (var input in inputs.Where(i => i.LinkTarget is not null))
        {
            Assert.Contains($"{input.Name}:1:1: file: symbolic link, not read", validateProblems);
        }

        // The reading problems (all but validate's own checks of names and references) are the same lines.
        var reading = validateProblems.Where(IsReadingProblem).ToHashSet();
        Assert.Equal(reading.Order(StringComparer.Ordinal), planProblems.Where(IsReadingProblem).Order(StringComparer.Ordinal));

        var named = inputs.Count(input => validateProblems.Any(p => p.StartsWith(input.Name + ":", StringComparison.Ordinal)));
        var namedReading = inputs.Count(input => reading.Any(p => p.StartsWith(input.Name + ":", StringComparison.Ordinal)));
        var namedByPlan = inputs.Count(input => planProblems.Any(p => IsReadingProblem(p) && p.StartsWith(input.Name + ":", StringComparison.Ordinal)));
        output.WriteLine($"one folder: {inputs.Count} bad inputs tried, 0 crashed; named by validate {named} ({namedReading} with a reading problem), by plan {namedByPlan} with a reading problem (and every tag of the rest failed or resolved); {reading.Count} reading problems, the same lines in both");
        output.WriteLine($"one folder: validate {validate.Elapsed.TotalSeconds:F1} s, plan {plan.Elapsed.TotalSeconds:F1} s; peak working set of the test process {Environment.WorkingSet / 1048576} MB now, {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB at most");
        foreach (var kind in inputs.GroupBy(i => i.Kind).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {kind.Key}: {kind.Count()} tried, {kind.Count(i => validateProblems.Any(p => p.StartsWith(i.Name + ":", StringComparison.Ordinal)))} named");
        }

        // Alone, each file gets the same problems as among the others: no neighbour hides or changes them.
        var sample = inputs.Where((_, index) => index % (Count / AloneSample) == 0).ToList();
        foreach (var input in sample)
        {
            var alone = Directory.CreateDirectory(Path.Combine(root, "alone", input.Name.Replace('.', '_'))).FullName;
            BadInputGenerator.Write(alone, [input with { LinkTarget = input.LinkTarget is { } target && !Path.IsPathRooted(target) && !target.StartsWith("..", StringComparison.Ordinal) ? Path.Combine(folder, target) : input.LinkTarget }]);
            var validateAlone = await RunAsync("validate", alone);
            var planAlone = await RunAsync("plan", alone);
            var expected = validateProblems.Where(p => p.StartsWith(input.Name + ":", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

            Assert.True(validateAlone.Result.ExitCode is 0 or 2, input.Name + ": " + validateAlone.Result.Error);
            Assert.True(planAlone.Result.ExitCode is 0 or 1, input.Name + ": " + planAlone.Result.Error);
            Assert.Equal(expected, ValidateProblems(validateAlone.Result.Out).Order(StringComparer.Ordinal));
            Assert.Equal(
                ValidateProblems(validateAlone.Result.Out).Where(IsReadingProblem).Order(StringComparer.Ordinal),
                PlanProblems(planAlone.Result.Out).Where(IsReadingProblem).Order(StringComparer.Ordinal));
        }

        output.WriteLine($"one at a time: {sample.Count} of them, 0 crashed, the same problems as in the folder");
        Assert.True(Process.GetCurrentProcess().PeakWorkingSet64 < MemoryBound, $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64} bytes");
    }

    /// <summary>validate's own checks, which plan does not make (it resolves the tag, or lists the imported repository, instead and reports the failure).</summary>
    private static bool IsReadingProblem(string problem) =>
        !problem.Contains("the tag name is invalid", StringComparison.Ordinal)
        && !problem.Contains("is not an image reference", StringComparison.Ordinal)
        && !problem.Contains("is not TAG or STREAM:TAG", StringComparison.Ordinal)
        && !problem.Contains("is not ID or STREAM@ID", StringComparison.Ordinal)
        && !problem.Contains("is defined twice; the first is at", StringComparison.Ordinal)
        && !problem.Contains(": tag \"", StringComparison.Ordinal)
        && !problem.Contains("\": tags not listed: ", StringComparison.Ordinal)
        && !problem.Contains("tag name(s) that are not valid tags", StringComparison.Ordinal);

    private async Task<(CliResult Result, TimeSpan Elapsed)> RunAsync(string command, string folder)
    {
        var variables = new Dictionary<string, string> { ["GITSTREAMSYNC_CACHE_DIR"] = Path.Combine(root, "cache") };
        string[] args = command == "plan"
            ? ["plan", folder, "-o", "json", "--insecure-registry", registry.HostPort]
            : ["validate", folder, "-o", "json"];
        var clock = Stopwatch.StartNew();
        var result = await CliRunner.RunAsync(args, variables, workingDirectory: folder).WaitAsync(HangBound);
        Assert.DoesNotContain("unexpected", result.Error, StringComparison.OrdinalIgnoreCase);
        return (result, clock.Elapsed);
    }

    private static List<string> ValidateProblems(string json) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("problems").EnumerateArray().Select(Line)];

    private static List<string> PlanProblems(string json) =>
        [.. JsonDocument.Parse(json).RootElement.GetProperty("problems").EnumerateArray().Select(Line)];

    private static string Line(JsonElement problem) =>
        $"{problem.GetProperty("file").GetString()}:{problem.GetProperty("line").GetInt32()}:{problem.GetProperty("column").GetInt32()}: {problem.GetProperty("message").GetString()}";
}
