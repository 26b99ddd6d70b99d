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

    /// <summary>One of several repositories: its entry (branch and paths win over its own settings; its base is <see cref="BaseBranch"/>).</summary>
    public Core.Configuration.RepositoryEntry? Entry { get; init; }

    /// <summary>The <c>--config</c> file lists repositories: each reads its own settings, not that file.</summary>
    public bool ConfigListsRepositories { get; init; }
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
        var location = new Argument<string[]>("PATH|URL")
        {
            Description = "Repository to keep up to date: a local path or a Git URL (default: the current directory, or the repositories: of --config); several share one schedule and one set of registry answers per run",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var parallelRepositories = new Option<int>("--parallel-repositories")
        {
            Description = "With several repositories: how many are synced at once",
            HelpName = "N",
            DefaultValueFactory = _ => 4,
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
            Description = "Where the clone is kept between runs, with the worker's state (several repositories: one folder each under it; default: a directory under the system temp directory)",
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
        var command = new Output.CommandWithExamples("worker", "Run a sync on a cron schedule until stopped (SIGTERM or Ctrl-C)", CommandExamples.Worker)
        {
            location, schedule, timeZone, jitter, healthPort, healthAddress, shutdownTimeout, cacheDirectory, listen, baseBranch, branch, pushToBase, noPullRequest, parallelRepositories,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var run = context.Start(parse);
            var given = parse.GetResult(location) is { Tokens.Count: > 0 } ? parse.GetValue(location) ?? [] : [];
            var selection = RepositorySelection.Read(SyncCommand.ReadConfigFile(run), given);
            var parallel = parse.GetValue(parallelRepositories);
            if (parallel < 1)
            {
                throw new UsageException($"--parallel-repositories {parallel}: give at least 1");
            }

            var settings = Read(parse, selection.Many is null ? given.FirstOrDefault() : null, schedule, timeZone, jitter, healthPort, healthAddress, shutdownTimeout, cacheDirectory) with
            {
                BaseBranch = parse.GetValue(baseBranch),
                Branch = parse.GetValue(branch),
                PushToBase = parse.GetValue(pushToBase),
                NoPullRequest = parse.GetValue(noPullRequest),
                TimeZoneIsExplicit = parse.GetResult(timeZone) is { Implicit: false },
                Listen = ReadListen(parse.GetValue(listen)),
                ConfigListsRepositories = selection.ConfigFile is null,
            };
            var secret = run.Environment.GetVariable(PushNotifications.SecretVariable);
            if (settings.Listen is not null && string.IsNullOrWhiteSpace(secret))
            {
                throw new UsageException($"--listen needs the shared secret of the notifications in {PushNotifications.SecretVariable}: without it anyone who reaches the port could start runs");
            }

            // A daemon reports each run; without an explicit --log-level it logs at information.
            var explicitLevel = parse.GetResult(context.Options.LogLevel) is { Implicit: false };
            var level = explicitLevel ? run.Settings.LogLevel : LogLevel.Information;
            var masker = run.Environment.Secrets;
            var (repositories, display, stateFile) = selection.Many is { } many
                ? Several(settings, many, run, runFactory)
                : One(settings, run, runFactory);
            var health = settings.HealthPort is { } port ? new HealthEndpointOptions(settings.HealthAddress, port, display, settings.Schedule.ToString()) : null;
            if (settings.Listen is { } where)
            {
                // One listener serves both: the health endpoint's address and the --listen one.
                health = health is null ? new HealthEndpointOptions(where.Address, where.Port, display, settings.Schedule.ToString()) : health with { Listen = where };
            }

            var hostSettings = new WorkerHostSettings(
                new WorkerOptions { Schedule = settings.Schedule, Jitter = settings.Jitter, RepositoryDisplay = display, ParallelRepositories = parallel },
                health,
                settings.ShutdownTimeout,
                stateFile,
                settings.Listen is null ? null : new PushNotificationEndpoint(secret!, new PushTrigger()));

            using var logs = new TextWriterLoggerProvider(run.Error, level, run.Settings.LogFormat, run.Time);
            try
            {
                using var host = WorkerHost.Build(hostSettings, repositories, run.Time, masker, logs, level);
                await host.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopped before the host had started: nothing ran, nothing to finish.
            }
            finally
            {
                foreach (var owned in repositories.Select(r => r.Run).OfType<IDisposable>())
                {
                    owned.Dispose();
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A worker of one repository: its clone and state file in the cache folder, as always.</summary>
    private static (IReadOnlyList<WorkerRepository> Repositories, string Display, string StateFile) One(
        WorkerCommandSettings settings, CommandRun run, Func<WorkerCommandSettings, CommandRun, ISyncRun> runFactory)
    {
        // A folder that is not there is a usage error now, not a failed run on every tick.
        _ = SyncCommand.ResolveLocation(run.Environment, settings.Location ?? ".");
        var display = run.Environment.Secrets.Mask(settings.Location ?? run.Environment.WorkingDirectory);
        var stateFile = Path.Combine(SyncRunBinding.CacheFolder(settings, run), Adapters.Files.WorkerStateFile.FileName);
        return ([new WorkerRepository(display, runFactory(settings, run))], display, stateFile);
    }

    /// <summary>
    /// A worker of several repositories: each repository's clone in its own folder under the cache
    /// folder, and one state file beside them holding every repository's last checks.
    /// </summary>
    private static (IReadOnlyList<WorkerRepository> Repositories, string Display, string StateFile) Several(
        WorkerCommandSettings settings, IReadOnlyList<Core.Configuration.RepositoryEntry> entries, CommandRun run, Func<WorkerCommandSettings, CommandRun, ISyncRun> runFactory)
    {
        var locations = entries.Select(e => SyncCommand.ResolveLocation(run.Environment, e.Url)).ToList();
        var root = settings.CacheDirectory is { } cache ? run.Environment.ResolvePath(cache)
            : run.Environment.GetVariable("GITSTREAMSYNC_GIT_CACHE") ?? SyncRunBinding.DefaultCache(string.Join("\n", locations));
        var repositories = new List<WorkerRepository>();
        try
        {
            for (var i = 0; i < entries.Count; i++)
            {
                var entry = entries[i];
                var one = settings with
                {
                    Location = entry.Url,
                    BaseBranch = entry.BaseBranch ?? settings.BaseBranch,
                    Entry = entry,
                    CacheDirectory = Path.Combine(root, GitCacheFolders.Name(locations[i])),
                };
                repositories.Add(new WorkerRepository(run.Environment.Secrets.Mask(entry.Url), runFactory(one, run)));
            }
        }
        catch
        {
            foreach (var owned in repositories.Select(r => r.Run).OfType<IDisposable>())
            {
                owned.Dispose();
            }

            throw;
        }

        return (repositories, $"{entries.Count} repositories", Path.Combine(root, Adapters.Files.WorkerStateFile.FileName));
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
        string? location,
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
                location,
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
