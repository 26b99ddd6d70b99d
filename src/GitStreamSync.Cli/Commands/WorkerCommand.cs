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
    bool NoPullRequest = false,
    (string Address, int Port)? Listen = null)
{
    /// <summary>True when <c>--time-zone</c> was given: it then wins over the settings file's <c>timeZone</c> for stream schedules.</summary>
    public bool TimeZoneIsExplicit { get; init; }

    /// <summary><c>--signing-key</c>, read when the worker starts; it signs every run's commits and lives as long as the worker.</summary>
    public Adapters.Git.SshSigningKey? SigningKey { get; init; }
}

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

        var listen = new Option<string?>("--listen")
        {
            Description = $"Take registry push notifications on ADDRESS:PORT ({PushNotifications.RegistryPath}, {PushNotifications.GitHubPath}) and resolve the streams that follow the pushed images at once; the secret comes from {PushNotifications.SecretVariable}",
            HelpName = "ADDRESS:PORT",
        };
        var baseBranch = new Option<string?>("--base") { Description = "Base branch (default: the remote's default branch)", HelpName = "BRANCH" };
        var branch = new Option<string?>("--branch") { Description = "The tool's branch (default: gitstreamsync/<base>)", HelpName = "NAME" };
        var pushToBase = new Option<bool>("--push-to-base") { Description = "Commit straight to the base branch (fast-forward only) instead of the tool's branch" };
        var noPullRequest = new Option<bool>("--no-pull-request") { Description = "Push the branch but open or update no pull request" };
        var signingKey = SyncCommand.SigningKeyOption();
        var command = new Output.CommandWithExamples("worker", "Run a sync on a cron schedule until stopped (SIGTERM or Ctrl-C)", CommandExamples.Worker)
        {
            location, schedule, timeZone, jitter, healthPort, healthAddress, shutdownTimeout, cacheDirectory, listen, baseBranch, branch, pushToBase, noPullRequest, signingKey,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = context.Start(parse);
            using var key = SyncCommand.LoadSigningKey(run, parse.GetValue(signingKey));
            var settings = Read(parse, location, schedule, timeZone, jitter, healthPort, healthAddress, shutdownTimeout, cacheDirectory) with
            {
                SigningKey = key,
                BaseBranch = parse.GetValue(baseBranch),
                Branch = parse.GetValue(branch),
                PushToBase = parse.GetValue(pushToBase),
                NoPullRequest = parse.GetValue(noPullRequest),
                TimeZoneIsExplicit = parse.GetResult(timeZone) is { Implicit: false },
                Listen = ReadListen(parse.GetValue(listen)),
            };
            var secret = run.Environment.GetVariable(PushNotifications.SecretVariable);
            if (settings.Listen is not null && string.IsNullOrWhiteSpace(secret))
            {
                throw new UsageException($"--listen needs the shared secret of the notifications in {PushNotifications.SecretVariable}: without it anyone who reaches the port could start runs");
            }

            // A folder that is not there is a usage error now, not a failed run on every tick.
            _ = SyncCommand.ResolveLocation(run.Environment, settings.Location ?? ".");

            // A daemon reports each run; without an explicit --log-level it logs at information.
            var explicitLevel = parse.GetResult(context.Options.LogLevel) is { Implicit: false };
            var level = explicitLevel ? run.Settings.LogLevel : LogLevel.Information;
            var masker = run.Environment.Secrets;
            var repository = masker.Mask(settings.Location ?? run.Environment.WorkingDirectory);
            var health = settings.HealthPort is { } port ? new HealthEndpointOptions(settings.HealthAddress, port, repository, settings.Schedule.ToString()) : null;
            if (settings.Listen is { } where)
            {
                // One listener serves both: the health endpoint's address and the --listen one.
                health = health is null ? new HealthEndpointOptions(where.Address, where.Port, repository, settings.Schedule.ToString()) : health with { Listen = where };
            }

            var hostSettings = new WorkerHostSettings(
                new WorkerOptions { Schedule = settings.Schedule, Jitter = settings.Jitter, RepositoryDisplay = repository },
                health,
                settings.ShutdownTimeout,
                Path.Combine(SyncRunBinding.CacheFolder(settings, run), Adapters.Files.WorkerStateFile.FileName),
                settings.Listen is null ? null : new PushNotificationEndpoint(secret!, new PushTrigger()));

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

    private static (string Address, int Port)? ReadListen(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var colon = text.LastIndexOf(':');
        var address = colon > 0 ? text[..colon].Trim('[', ']') : "";
        if (colon <= 0 || !int.TryParse(text[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535 || address.Length == 0)
        {
            throw new UsageException($"--listen '{text}' is not ADDRESS:PORT, e.g. 127.0.0.1:9465 or 0.0.0.0:9465");
        }

        return (address, port);
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
