using System.Diagnostics;
using GitStreamSync.Core.Images;
using GitStreamSync.Testing.Git;
using GitStreamSync.Testing.Registry;
using GitStreamSync.Testing.Rollback;

namespace GitStreamSync.Cli.Tests.Review;

/// <summary>
/// <c>--signing-key</c>: the tool's commit is signed with a key made by <c>ssh-keygen</c>, and the real
/// <c>git verify-commit</c> (<c>gpg.format=ssh</c>, an allowed-signers file) accepts it; a commit signed
/// by a key that is not allowed, or no signature, is refused by the same check.
/// </summary>
public sealed class SignedCommitTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("ecdsa", "256")]
    [InlineData("rsa", "3072")]
    public async Task The_commit_signed_with_an_ssh_keygen_key_passes_git_verify_commit(string type, string bits)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var keys = new TemporaryDirectory("sign");
        var key = Path.Combine(keys.Path, "id");
        var stranger = Path.Combine(keys.Path, "stranger");
        SshKeygen("-q", "-t", type, "-b", bits, "-N", "", "-C", "bot", "-f", key);
        SshKeygen("-q", "-t", type, "-b", bits, "-N", "", "-C", "stranger", "-f", stranger);
        await using var bed = await ReviewTestBed.StartAsync(
            new Dictionary<string, string> { ["streams/app.yaml"] = ReviewTestBed.Stream("app", ("1", "acme/app:1")) },
            timeout.Token);
        using (var seeder = bed.Seeder())
        {
            await seeder.PushImageAsync("acme/app", "1", ManifestFormat.Oci, Platform.LinuxAmd64, null, timeout.Token);
        }

        var run = await bed.SyncAsync(Now, "--signing-key", key, "--no-pull-request");

        Assert.Equal(0, run.ExitCode);
        var allowed = Path.Combine(keys.Path, "allowed_signers");
        File.WriteAllText(allowed, "bot@example.com " + File.ReadAllText(key + ".pub"));
        var verify = Verify(bed.Bare, allowed, "gitstreamsync/main");
        Assert.True(verify.ExitCode == 0, verify.Error);
        Assert.Contains("Good \"git\" signature for bot@example.com", verify.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(key), run.Out + run.Error, StringComparison.Ordinal);

        // The same commit against an allowed-signers file that names only another key, and the base's unsigned commit: both refused.
        File.WriteAllText(allowed, "bot@example.com " + File.ReadAllText(stranger + ".pub"));
        Assert.NotEqual(0, Verify(bed.Bare, allowed, "gitstreamsync/main").ExitCode);
        Assert.NotEqual(0, Verify(bed.Bare, allowed, "main").ExitCode);
    }

    [Fact]
    public async Task An_ed25519_key_is_refused_before_anything_runs_naming_the_file_and_not_its_content()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var keys = new TemporaryDirectory("sign");
        var key = Path.Combine(keys.Path, "ed");
        SshKeygen("-q", "-t", "ed25519", "-N", "", "-f", key);
        await using var bed = await ReviewTestBed.StartAsync(new Dictionary<string, string> { ["streams/app.yaml"] = ReviewTestBed.Stream("app", ("1", "acme/app:1")) }, timeout.Token);

        var run = await bed.SyncAsync(Now, "--signing-key", key);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains($"--signing-key {key}: ssh-ed25519 keys are not supported", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(File.ReadAllText(key).Split('\n')[1], run.Out + run.Error, StringComparison.Ordinal);
        Assert.Null(bed.Git.BranchTip("images", "gitstreamsync/main"));
    }

    [Fact]
    public async Task A_rollback_commit_is_signed_with_the_key_given_to_rollback()
    {
        using var keys = new TemporaryDirectory("sign");
        var key = Path.Combine(keys.Path, "id");
        SshKeygen("-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "bot", "-f", key);
        var bare = Path.Combine(keys.Path, "images.git");
        GitCli.InitBare(bare, "main", new Dictionary<string, string>
        {
            ["streams/ubuntu.yaml"] = StreamFiles.Yaml("myubuntu", new StreamTag("16.04", "registry.example/ubuntu:16.04", [StreamFiles.Digest(2), StreamFiles.Digest(1)])),
        });

        var run = await CliRunner.RunAsync(["rollback", "myubuntu:16.04", new Uri(bare).AbsoluteUri, "--no-pull-request", "--signing-key", key], new Dictionary<string, string>());

        Assert.True(run.ExitCode == 0, run.Error);
        var allowed = Path.Combine(keys.Path, "allowed_signers");
        File.WriteAllText(allowed, "bot@example.com " + File.ReadAllText(key + ".pub"));
        var verify = Verify(bare, allowed, "gitstreamsync/rollback/main/myubuntu-16.04");
        Assert.True(verify.ExitCode == 0, verify.Error);
        Assert.Contains("Good \"git\" signature for bot@example.com", verify.Error, StringComparison.Ordinal);
        Assert.NotEqual(0, Verify(bare, allowed, "main").ExitCode);
    }

    [Fact]
    public async Task Every_repository_of_a_sync_over_several_is_committed_signed()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        using var keys = new TemporaryDirectory("sign");
        var key = Path.Combine(keys.Path, "id");
        SshKeygen("-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "bot", "-f", key);
        await using var bed = await ReviewTestBed.StartAsync(
            new Dictionary<string, string> { ["streams/app.yaml"] = ReviewTestBed.Stream("app", ("1", "acme/app:1")) },
            timeout.Token);
        bed.Git.CreateRepository("second", new Dictionary<string, string> { ["streams/tools.yaml"] = ReviewTestBed.Stream("tools", ("1", "acme/tools:1")) });
        using (var seeder = bed.Seeder())
        {
            await seeder.PushImageAsync("acme/app", "1", ManifestFormat.Oci, Platform.LinuxAmd64, null, timeout.Token);
            await seeder.PushImageAsync("acme/tools", "1", ManifestFormat.Oci, Platform.LinuxAmd64, null, timeout.Token);
        }

        var run = await bed.SyncAsync(Now, bed.Git.Url("second"), "--signing-key", key, "--no-pull-request");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Contains("2 repositories, 0 failed", run.Out, StringComparison.Ordinal);
        var allowed = Path.Combine(keys.Path, "allowed_signers");
        File.WriteAllText(allowed, "bot@example.com " + File.ReadAllText(key + ".pub"));
        foreach (var repository in new[] { bed.Bare, bed.Git.RepositoryPath("second") })
        {
            var verify = Verify(repository, allowed, "gitstreamsync/main");
            Assert.True(verify.ExitCode == 0, $"{repository}: {verify.Error}");
        }
    }

    [Fact]
    public async Task The_worker_signs_the_commits_of_its_runs()
    {
        using var keys = new TemporaryDirectory("sign");
        var key = Path.Combine(keys.Path, "id");
        SshKeygen("-q", "-t", "ecdsa", "-b", "256", "-N", "", "-C", "bot", "-f", key);
        await using var registry = await RegistryServer.StartAsync();
        using (var seeder = RegistrySeeder.For(registry))
        {
            await seeder.PushImageAsync("team/app", "1.0", ManifestFormat.Oci, Platform.LinuxAmd64, unique: "signed-worker");
        }

        using var git = GitHttpServer.Start();
        var url = git.CreateRepository("worker-signed", new Dictionary<string, string> { ["streams/app.yaml"] = $"apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\nspec:\n  tags:\n  - name: \"1.0\"\n    from:\n      kind: DockerImage\n      name: {registry.HostPort}/team/app:1.0\n" });
        var time = new Hosting.WatchedTime(new DateTimeOffset(2026, 11, 28, 10, 5, 0, TimeSpan.Zero));
        using var stop = new CancellationTokenSource();
        var args = new[] { "worker", url, "--insecure-registry", registry.HostPort, "--cache-dir", Path.Combine(keys.Path, "clone"), "--signing-key", key };
        var worker = Hosting.ScheduledSyncEndToEndTests.RunWorkerWithRealSyncAsync(args, time, new Dictionary<string, string> { ["GITSTREAMSYNC_GIT_USERNAME"] = git.User, ["GITSTREAMSYNC_GIT_PASSWORD"] = git.Password }, stop.Token);
        try
        {
            // Fire the first occurrence, then wait until the worker waits for the next: the run has finished.
            time.Advance(await time.NextTimerAsync());
            await time.NextTimerAsync();
        }
        finally
        {
            await stop.CancelAsync();
        }

        var (exitCode, _, log) = await worker.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(exitCode == 0, log);
        var allowed = Path.Combine(keys.Path, "allowed_signers");
        File.WriteAllText(allowed, "bot@example.com " + File.ReadAllText(key + ".pub"));
        var verify = Verify(git.RepositoryPath("worker-signed"), allowed, "gitstreamsync/main");
        Assert.True(verify.ExitCode == 0, verify.Error + log);
    }

    private static (int ExitCode, string Out, string Error) Verify(string bare, string allowedSigners, string rev) =>
        GitCli.Try(bare, new Dictionary<string, string>
        {
            ["GIT_CONFIG_COUNT"] = "2",
            ["GIT_CONFIG_KEY_0"] = "gpg.format",
            ["GIT_CONFIG_VALUE_0"] = "ssh",
            ["GIT_CONFIG_KEY_1"] = "gpg.ssh.allowedSignersFile",
            ["GIT_CONFIG_VALUE_1"] = allowedSigners,
        }, "verify-commit", "-v", rev);

    private static void SshKeygen(params string[] args)
    {
        var start = new ProcessStartInfo("ssh-keygen") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "ssh-keygen did not finish in 60 s");
        Assert.True(process.ExitCode == 0, error.Result);
    }
}
