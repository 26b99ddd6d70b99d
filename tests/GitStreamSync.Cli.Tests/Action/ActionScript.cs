using System.Diagnostics;

namespace GitStreamSync.Cli.Tests.Action;

/// <summary>What one run of an action script left: its exit code, its logs and the step outputs it wrote.</summary>
internal sealed record ActionScriptResult(int ExitCode, string Out, string Error, IReadOnlyDictionary<string, string> Outputs)
{
    public string Output(string name) => Outputs.TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"no output '{name}'; written: {string.Join(", ", Outputs.Keys)}\n{Error}");
}

/// <summary>
/// Runs a script of the GitHub Action (action/*.sh) with bash the way the runner runs a composite
/// step: the action's folder in GITHUB_ACTION_PATH, fresh GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
/// files, the step's environment and nothing of the test host's GitHub variables.
/// </summary>
internal static class ActionScript
{
    public static async Task<ActionScriptResult> RunAsync(
        string script, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment, string workingDirectory, string runnerTemp, CancellationToken cancellationToken)
    {
        var outputs = Path.Combine(runnerTemp, $"output-{Guid.NewGuid():N}");
        File.WriteAllText(outputs, "");
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "action", script));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("GITHUB_", StringComparison.Ordinal) || k.StartsWith("INPUT_", StringComparison.Ordinal) || k.StartsWith("RUNNER_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        // The runner's locale, not the test machine's: bash warns on stderr ("setlocale: LC_ALL: cannot
        // change locale") when LC_ALL names a locale that is not installed, and the step's stderr is checked.
        start.Environment["LC_ALL"] = "C.UTF-8";
        start.Environment["GITHUB_ACTION_PATH"] = RepositoryRoot.Path;
        start.Environment["GITHUB_OUTPUT"] = outputs;
        start.Environment["RUNNER_TEMP"] = runnerTemp;
        start.Environment["RUNNER_TOOL_CACHE"] = Path.Combine(runnerTemp, "toolcache");
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new ActionScriptResult(process.ExitCode, await stdout, await stderr, ReadOutputs(File.ReadAllText(outputs)));
    }

    /// <summary>GITHUB_OUTPUT's two forms: name=value, and name&lt;&lt;DELIMITER, the lines, DELIMITER.</summary>
    public static Dictionary<string, string> ReadOutputs(string text)
    {
        var outputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (heredoc > 0 && (equals < 0 || heredoc < equals))
            {
                var name = line[..heredoc];
                var delimiter = line[(heredoc + 2)..];
                var value = new List<string>();
                for (i++; i < lines.Length && lines[i] != delimiter; i++)
                {
                    value.Add(lines[i]);
                }

                outputs[name] = string.Join('\n', value);
            }
            else if (equals > 0)
            {
                outputs[line[..equals]] = line[(equals + 1)..];
            }
        }

        return outputs;
    }
}
