using System.Runtime.InteropServices;
using GitStreamSync.Testing.GitHub;

namespace GitStreamSync.Benchmarks;

/// <summary>
/// <c>github-fake URL_FILE OWNER/REPO TOKEN</c>: the stateful GitHub fake on loopback with one repository
/// and one token, its base URL written to URL_FILE once it listens, served until SIGTERM or SIGINT
/// (then exit 0). tests/demo.sh points <c>GITHUB_API_URL</c> at it, so a run opens real pull requests.
/// </summary>
internal static class GitHubFakeServer
{
    public const string Mode = "github-fake";

    public static async Task<int> ServeAsync(string[] args)
    {
        if (args.Length != 3 || args[1].Split('/') is not [{ Length: > 0 } owner, { Length: > 0 } name] || args[2].Length == 0)
        {
            await Console.Error.WriteLineAsync($"usage: {Mode} URL_FILE OWNER/REPO TOKEN");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await using var fake = await GitHubFake.StartAsync();
        fake.AddRepository(owner, name);
        fake.AddToken(new GitHubFakeToken(args[2], "gitstreamsync-bot"));

        // Written whole and then renamed, so a reader polling for the file never sees half a URL.
        var partial = args[0] + ".partial";
        await File.WriteAllTextAsync(partial, fake.BaseUrl + "\n");
        File.Move(partial, args[0], overwrite: true);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or SIGINT: stop serving and exit 0.
        }

        return 0;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }
}
