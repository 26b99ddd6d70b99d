using GitStreamSync.Core.Schedule;
using System.CommandLine;
using GitStreamSync.Cli.Hosting;
using GitStreamSync.Cli.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli.Commands;

/// <summary>The worker's own option values, checked.</summary>
internal sealed record WorkerCommandSettings(
    string? Location,
    CronSchedule Schedule,
    TimeSpan Jitter,
    int? HealthPort,
    string HealthAddress,
    TimeSpan ShutdownTimeout,
    string? CacheDirectory,
    string? BaseBranch = null,
    string? Branch = null,
    bool PushToBase = false,
    bool NoPullRequest = false);

/// <summary>
/// <c>gitstreamsync worker [PATH|URL] [--schedule CRON] [--time-zone TZ]</c>: the long-lived
/// daemon. Runs a sync at every occurrence of the schedule until SIGTERM or Ctrl-C, then exits 0.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(CliContext context) => Create(context, (settings, run) => SyncRunBinding.Create(settings, run));

    /// <summary>Builds the command around a chosen sync run (tests pass fakes).</summary>
    internal static Command Create(CliContext context, Func<WorkerCommandSettings, CommandRun, ISyncRun> runFactory)
    {
        var location = new Argument<string?>("PATH|URL")
        {
            Description = "Repository to keep up to date: a local path or a Git URL (default: the current directory)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var schedule = new Option<string>("--schedule")
        {
            Description = "When to run: 5- or 6-field cron or a macro such as @hourly",
            HelpName = "CRON",
            DefaultValueFactory = _ => WorkerOptions.DefaultSchedule,
        };
        var timeZone = new Option<string>("--time-zone")
        {
            Description = "IANA time zone the schedules are read in, e.g. Europe/Berlin",
            HelpName = "TZ",
            DefaultValueFactory = _ => "UTC",
        };
        var jitter = new Option<string>("--jitter")
        {
            Description = "Start each run up to this much later, at random, e.g. 30s or 2m",
            HelpName = "DURATION",
            DefaultValueFactory = _ => "0",
        };
        var healthPort = new Option<int?>("--health-port")
        {
            Description = "Serve /healthz and /metrics (Prometheus text) on this port",
            HelpName = "PORT",
        };
        var healthAddress = new Option<string>("--health-address")
        {
            Description = "Address the health port listens on; 0.0.0.0 for every interface",
            HelpName = "ADDRESS",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var shutdownTimeout = new Option<string>("--shutdown-timeout")
        {
            Description = "On SIGTERM or Ctrl-C, how long a run that is pushing may take to finish",
            HelpName = "DURATION",
            DefaultValueFactory = _ => "5m",
        };
        var cacheDirectory = new Option<string?>("--cache-dir")
        {
            Description = "Where the clone is kept between runs (default: a directory under the system temp directory)",
            HelpName = "DIR",
        };

        var baseBranch = new Option<string?>("--base") { Description = "Base branch (default: the remote's default branch)", HelpName = "BRANCH" };
        var branch = new Option<string?>("--branch") { Description = "The tool's branch (default: gitstreamsync/<base>)", HelpName = "NAME" };
        var pushToBase = new Option<bool>("--push-to-base") { Description = "Commit straight to the base branch (fast-forward only) instead of the tool's branch" };
        var noPullRequest = new Option<bool>("--no-pull-request") { Description = "Push the branch but open or update no pull request" };
        var command = new Output.CommandWithExamples("worker", "Run a sync on a cron schedule until stopped (SIGTERM or Ctrl-C)", CommandExamples.Worker)
        {
            location, schedule, timeZone, jitter, healthPort, healthAddress, shutdownTimeout, cacheDirectory, baseBranch, branch, pushToBase, noPullRequest,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = context.Start(parse);
            var settings = Read(parse, location, schedule, timeZone, jitter, healthPort, healthAddress, shutdownTimeout, cacheDirectory) with
            {
                BaseBranch = parse.GetValue(baseBranch),
                Branch = parse.GetValue(branch),
                PushToBase = parse.GetValue(pushToBase),
                NoPullRequest = parse.GetValue(noPullRequest),
            };

            // A daemon reports each run; without an explicit --log-level it logs at information.
            var explicitLevel = parse.GetResult(context.Options.LogLevel) is { Implicit: false };
            var level = explicitLevel ? run.Settings.LogLevel : LogLevel.Information;
            var masker = run.Environment.Secrets;
            var repository = masker.Mask(settings.Location ?? run.Environment.WorkingDirectory);
            var hostSettings = new WorkerHostSettings(
                new WorkerOptions { Schedule = settings.Schedule, Jitter = settings.Jitter, RepositoryDisplay = repository },
                settings.HealthPort is { } port ? new HealthEndpointOptions(settings.HealthAddress, port, repository, settings.Schedule.ToString()) : null,
                settings.ShutdownTimeout);

            var syncRun = runFactory(settings, run);
            using var ownedRun = syncRun as IDisposable;
            using var logs = new TextWriterLoggerProvider(run.Error, level, run.Settings.LogFormat, run.Time);
            using var host = WorkerHost.Build(hostSettings, syncRun, run.Time, masker, logs, level);
            try
            {
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped before the host had started: nothing ran, nothing to finish.
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static WorkerCommandSettings Read(
        ParseResult parse,
        Argument<string?> location,
        Option<string> schedule,
        Option<string> timeZone,
        Option<string> jitter,
        Option<int?> healthPort,
        Option<string> healthAddress,
        Option<string> shutdownTimeout,
        Option<string?> cacheDirectory)
    {
        try
        {
            var zone = ScheduleOptions.ReadTimeZone(parse.GetValue(timeZone) ?? "UTC");
            var port = parse.GetValue(healthPort);
            if (port is < 1 or > 65535)
            {
                throw new UsageException($"--health-port {port} is not a TCP port (1-65535)");
            }

            return new WorkerCommandSettings(
                parse.GetValue(location),
                CronSchedule.Parse(parse.GetValue(schedule) ?? WorkerOptions.DefaultSchedule, zone),
                DurationText.Parse(parse.GetValue(jitter) ?? "0", "--jitter"),
                port,
                parse.GetValue(healthAddress) ?? "127.0.0.1",
                DurationText.Parse(parse.GetValue(shutdownTimeout) ?? "5m", "--shutdown-timeout"),
                parse.GetValue(cacheDirectory));
        }
        catch (ScheduleFormatException exception)
        {
            throw new UsageException(exception.Message, exception);
        }
    }
}
