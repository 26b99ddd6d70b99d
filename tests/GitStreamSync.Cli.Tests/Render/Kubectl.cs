using System.Diagnostics;

namespace GitStreamSync.Cli.Tests.Render;

/// <summary>The real <c>kubectl kustomize</c> (kustomize 5), as a cluster's deploy job would run it.</summary>
internal static class Kubectl
{
    public static string Kustomize(string directory)
    {
        var start = new ProcessStartInfo("kubectl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kubectl kustomize {directory} did not finish in 60 s");
        }

        return process.ExitCode == 0
            ? stdout.Result
            : throw new InvalidOperationException($"kubectl kustomize {directory} exited {process.ExitCode}: {stderr.Result}");
    }
}
