using GitStreamSync.Core.Images;
using GitStreamSync.Core.Ports;
using GitStreamSync.Core.Read;
using GitStreamSync.Adapters.Registry;
using GitStreamSync.Adapters.Resilience;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.Tests.Registry;

/// <summary>Short ways to build a client and ask it one or many references.</summary>
internal static class RegistryTestKit
{
    /// <summary>Quick retries and timeouts, so fault tests stay short.</summary>
    public static RegistryClientOptions FastOptions { get; } = new()
    {
        Retry = RetryLimits.Registry with { BaseDelay = TimeSpan.FromMilliseconds(10) },
        RequestTimeout = TimeSpan.FromSeconds(10),
        RunDeadline = TimeSpan.FromMinutes(2),
    };

    public static RegistryClientOptions WithAttempts(this RegistryClientOptions options, int attempts) =>
        options with { Retry = options.Retry with { MaxAttempts = attempts } };

    public static OciRegistryClient Client(
        RegistryClientOptions? options = null,
        IReadOnlyDictionary<string, string>? environment = null,
        ILogger? logger = null,
        TimeProvider? time = null) =>
        new(options ?? FastOptions, name => environment is not null && environment.TryGetValue(name, out var v) ? v : null, time ?? TimeProvider.System, logger);

    public static ResolveRequest Request(string reference, ImportMode mode = ImportMode.Legacy, PlatformPreference? platform = null, bool insecure = true) =>
        new(ImageReference.Parse(reference), mode, platform ?? PlatformPreference.Default, insecure);

    public static async Task<ResolutionOutcome> ResolveAsync(this OciRegistryClient client, ResolveRequest request) =>
        (await client.ResolveAllAsync([request], CancellationToken.None))[request];

    public static Task<ResolutionOutcome> ResolveAsync(this OciRegistryClient client, string reference, ImportMode mode = ImportMode.Legacy, PlatformPreference? platform = null) =>
        client.ResolveAsync(Request(reference, mode, platform));

    public static Resolved AssertResolved(this ResolutionOutcome outcome) =>
        outcome as Resolved ?? throw new Xunit.Sdk.XunitException($"expected Resolved, got {outcome}");

    public static ResolutionFailed AssertFailed(this ResolutionOutcome outcome, ResolutionFailureKind kind)
    {
        var failed = outcome as ResolutionFailed ?? throw new Xunit.Sdk.XunitException($"expected {kind}, got {outcome}");
        Assert.Equal(kind, failed.Kind);
        return failed;
    }
}
