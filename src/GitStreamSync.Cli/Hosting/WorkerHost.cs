using GitStreamSync.Adapters.Files;
using GitStreamSync.Adapters.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli.Hosting;

/// <summary>Everything the worker host is made of; the command builds it from its options.</summary>
internal sealed record WorkerHostSettings(
    WorkerOptions Worker,
    HealthEndpointOptions? Health,
    TimeSpan ShutdownTimeout,
    string? StateFile = null,
    PushNotificationEndpoint? Notifications = null);

/// <summary>
/// Builds the generic host of the <c>worker</c> command: the worker loop, the optional health
/// endpoint, the given clock and log provider, and no configuration sources of its own (settings
/// come from the command line only, secrets from the environment through the sync run).
/// </summary>
internal static class WorkerHost
{
    public static IHost Build(
        WorkerHostSettings settings,
        IReadOnlyList<WorkerRepository> repositories,
        TimeProvider time,
        SecretSanitizer masker,
        ILoggerProvider logs,
        LogLevel logLevel)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().SetMinimumLevel(logLevel).AddProvider(logs);

        // The host's own start/stop chatter would break "one line per run".
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);

        // ConsoleLifetime turns SIGTERM and Ctrl-C into a graceful stop; the stop then waits this
        // long for a run that is pushing. Deployments give the process at least this much grace.
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = settings.ShutdownTimeout;
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });

        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(masker);
        builder.Services.AddSingleton(settings.Worker);
        builder.Services.AddSingleton<WorkerStatus>();
        if (settings.Health is { } health)
        {
            builder.Services.AddSingleton(health);
            builder.Services.AddHostedService(services => new HealthServer(
                health,
                services.GetRequiredService<WorkerStatus>(),
                services.GetRequiredService<ILogger<HealthServer>>(),
                settings.Notifications));
        }

        builder.Services.AddHostedService(services => new SyncWorker(
            repositories,
            services.GetRequiredService<WorkerOptions>(),
            services.GetRequiredService<WorkerStatus>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<SecretSanitizer>(),
            services.GetRequiredService<ILogger<SyncWorker>>(),
            services.GetRequiredService<IHostApplicationLifetime>(),
            state: settings.StateFile is { } file ? new WorkerStateFile(file, services.GetRequiredService<ILogger<WorkerStateFile>>()) : null,
            pushes: settings.Notifications?.Trigger));
        return builder.Build();
    }
}
