using GitStreamSync.Adapters.Secrets;
using GitStreamSync.Core.Schedule;
using GitStreamSync.Cli.Hosting;
using GitStreamSync.Cli.Logging;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>A <see cref="SyncWorker"/> on a watched fake clock, with its log captured.</summary>
internal sealed class WorkerFixture : IDisposable
{
    private readonly StringWriter log = new() { NewLine = "\n" };
    private readonly ILoggerFactory loggerFactory;

    public WorkerFixture(
        ScriptedSyncRun run,
        string start,
        string schedule = "*/15 * * * *",
        Func<WorkerOptions, WorkerOptions>? configure = null,
        LogFormat format = LogFormat.Text,
        IReadOnlyDictionary<string, string>? environment = null,
        Random? random = null,
        string? stateFile = null)
        : this([new WorkerRepository("https://git.example/streams.git", run)], start, schedule, configure, format, environment, random, stateFile)
    {
    }

    /// <summary>A worker of several repositories (of one when the list holds one), with push notifications when <paramref name="pushes"/> is given.</summary>
    public WorkerFixture(
        IReadOnlyList<WorkerRepository> repositories,
        string start,
        string schedule = "*/15 * * * *",
        Func<WorkerOptions, WorkerOptions>? configure = null,
        LogFormat format = LogFormat.Text,
        IReadOnlyDictionary<string, string>? environment = null,
        Random? random = null,
        string? stateFile = null,
        PushTrigger? pushes = null)
    {
        Time = new WatchedTime(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        var options = new WorkerOptions { Schedule = CronSchedule.Parse(schedule, TimeZoneInfo.Utc), RepositoryDisplay = repositories.Count == 1 ? repositories[0].Display : $"{repositories.Count} repositories" };
        Options = configure is null ? options : configure(options);
        var provider = new TextWriterLoggerProvider(log, LogLevel.Debug, format, Time);
        loggerFactory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(provider));
        Masker = SecretSanitizer.FromEnvironment(environment ?? new Dictionary<string, string>());
        var state = stateFile is null ? null : new Adapters.Files.WorkerStateFile(stateFile, loggerFactory.CreateLogger<Adapters.Files.WorkerStateFile>());
        Worker = new SyncWorker(repositories, Options, Status, Time, Masker, loggerFactory.CreateLogger<SyncWorker>(), random: random, state: state, pushes: pushes);
    }

    public WatchedTime Time { get; }
    public WorkerOptions Options { get; }
    public WorkerStatus Status { get; } = new();
    public SecretSanitizer Masker { get; }
    public SyncWorker Worker { get; }

    /// <summary>The log so far; read it while the worker waits, not while it writes.</summary>
    public string Log => log.ToString();

    public Task StartAsync() => Worker.StartAsync(CancellationToken.None);

    public void Dispose()
    {
        Worker.Dispose();
        loggerFactory.Dispose();
        log.Dispose();
    }
}
