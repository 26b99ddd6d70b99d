using System.Diagnostics;

namespace GitStreamSync.Testing.Git;

/// <summary>
/// Runs the git command line for test setup and inspection (seeding bare repositories, reading
/// what a push left on the server). The product itself never shells out to git.
/// </summary>
public static class GitCli
{
    public static string Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static string Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var (exitCode, output, error) = Try(workingDirectory, environment, args);
        return exitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', args)} exited {exitCode}: {error}");
    }

    /// <summary>Runs git and returns its exit code, stdout and stderr, whatever the exit code (e.g. <c>verify-commit</c>).</summary>
    public static (int ExitCode, string Out, string Error) Try(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Tests must not depend on the machine's global git configuration.
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_CONFIG_GLOBAL"] = "/dev/null";
        start.Environment["GIT_AUTHOR_NAME"] = "Test Person";
        start.Environment["GIT_AUTHOR_EMAIL"] = "person@example.invalid";
        start.Environment["GIT_COMMITTER_NAME"] = "Test Person";
        start.Environment["GIT_COMMITTER_EMAIL"] = "person@example.invalid";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"git {string.Join(' ', args)} did not finish in 60 s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Creates a bare repository with default branch <paramref name="branch"/>, seeded with <paramref name="files"/> when given.</summary>
    public static void InitBare(string path, string branch = "main", IReadOnlyDictionary<string, string>? files = null)
    {
        Directory.CreateDirectory(path);
        Run(path, "init", "-q", "--bare", $"--initial-branch={branch}");
        Run(path, "config", "receive.denyNonFastForwards", "false");
        if (files is null)
        {
            return;
        }

        using var seed = new TemporaryDirectory("seed");
        var work = Path.Combine(seed.Path, "w");
        Run(seed.Path, "init", "-q", $"--initial-branch={branch}", work);
        WriteFiles(work, files);
        Run(work, "add", "-A");
        Run(work, "commit", "-q", "-m", "seed");
        Run(work, "push", "-q", path, branch);
    }

    public static void WriteFiles(string root, IReadOnlyDictionary<string, string> files)
    {
        foreach (var (relative, text) in files)
        {
            var full = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, System.Text.Encoding.UTF8.GetBytes(text));
        }
    }

    /// <summary>The commit a ref points at in <paramref name="gitDirectory"/>, or null when it does not exist.</summary>
    public static string? RevParse(string gitDirectory, string rev)
    {
        try
        {
            return Run(gitDirectory, "rev-parse", "--verify", "-q", rev).Trim();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary><paramref name="path"/> at <paramref name="rev"/> as text (a BOM is dropped; see <see cref="ShowBytes"/>).</summary>
    public static string Show(string gitDirectory, string rev, string path) => Run(gitDirectory, "show", $"{rev}:{path}");

    /// <summary>The exact bytes of <paramref name="path"/> at <paramref name="rev"/>.</summary>
    public static byte[] ShowBytes(string gitDirectory, string rev, string path)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = gitDirectory, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("cat-file");
        start.ArgumentList.Add("blob");
        start.ArgumentList.Add($"{rev}:{path}");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("git did not start");
        using var bytes = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(bytes);
        process.WaitForExit();
        return process.ExitCode == 0 ? bytes.ToArray() : throw new InvalidOperationException($"git cat-file {rev}:{path} exited {process.ExitCode}");
    }
}
