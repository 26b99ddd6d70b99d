using GitStreamSync.Core.Configuration;
using GitStreamSync.Core.Images;
using System.CommandLine;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Cli;

/// <summary>
/// The options every command takes (architecture.md section 3), defined once and added to the root
/// as recursive options so that they are valid after any command name.
/// </summary>
internal sealed class CommonOptions
{
    public Option<string?> Config { get; } = new("--config")
    {
        Description = "Repository settings file (default: .gitstreamsync.yaml at the repository root)",
        HelpName = "FILE",
        Recursive = true,
    };

    public Option<string[]> RegistryMirror { get; } = new("--registry-mirror")
    {
        Description = "Contact a mirror for a registry host, e.g. docker.io=http://127.0.0.1:5000 (repeatable)",
        HelpName = "HOST=URL",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string[]> MirrorOnly { get; } = new("--mirror-only")
    {
        Description = "Never contact this registry host itself, only its mirrors (repeatable)",
        HelpName = "HOST",
        Recursive = true,
    };

    public Option<string[]> InsecureRegistry { get; } = new("--insecure-registry")
    {
        Description = "Allow plain HTTP or unverified TLS for this registry host only (repeatable)",
        HelpName = "HOST",
        Recursive = true,
    };

    public Option<string?> RegistryCache { get; } = new("--registry-cache")
    {
        Description = "Folder of the on-disk index cache (default: $GITSTREAMSYNC_CACHE_DIR, else ~/.cache/gitstreamsync)",
        HelpName = "DIR",
        Recursive = true,
    };

    public Option<string?> Platform { get; } = new("--platform")
    {
        Description = "Platform chosen from multi-platform images under Legacy import mode (default: linux/amd64)",
        HelpName = "OS/ARCH",
        Recursive = true,
    };

    public Option<string> LogLevel { get; } = new("--log-level")
    {
        Description = "trace, debug, information, warning, error or none",
        HelpName = "LEVEL",
        Recursive = true,
        DefaultValueFactory = _ => "warning",
    };

    public Option<string> LogFormat { get; } = new("--log-format")
    {
        Description = "Log lines on stderr as text or json",
        HelpName = "text|json",
        Recursive = true,
        DefaultValueFactory = _ => "text",
    };

    public Option<string?> Output { get; } = new("--output", "-o")
    {
        Description = "Output format; each command lists the formats it supports",
        HelpName = "FORMAT",
        Recursive = true,
    };

    public IEnumerable<Option> All => [Config, RegistryMirror, MirrorOnly, InsecureRegistry, RegistryCache, Platform, LogLevel, LogFormat, Output];

    /// <summary>The option values of one invocation, checked; bad values are usage errors (exit 2).</summary>
    public RunSettings Read(ParseResult parse) => new(
        parse.GetValue(Config),
        (parse.GetValue(RegistryMirror) ?? []).Select(ParseMirror).ToArray(),
        (parse.GetValue(InsecureRegistry) ?? []).Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0).ToArray(),
        ReadPlatform(parse.GetValue(Platform)),
        ParseLogLevel(parse.GetValue(LogLevel)),
        ParseLogFormat(parse.GetValue(LogFormat)),
        parse.GetValue(Output))
    {
        RegistryCache = parse.GetValue(RegistryCache),
        MirrorOnlyRegistries = (parse.GetValue(MirrorOnly) ?? []).Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0).ToArray(),
    };

    /// <summary>The log level only, without failing: the error handler needs it even when other options are bad.</summary>
    public LogLevel ReadLogLevelOrDefault(ParseResult parse)
    {
        var text = parse.GetValue(LogLevel);
        return TryParseLogLevel(text, out var level) ? level : Microsoft.Extensions.Logging.LogLevel.Warning;
    }

    /// <summary>One <c>--registry-mirror HOST=URL</c>; a wrong one is a usage error.</summary>
    internal static RegistryMirror ParseMirror(string text)
    {
        try
        {
            return Core.Configuration.RegistryMirror.Parse(text);
        }
        catch (RegistryMirrorFormatException exception)
        {
            throw new UsageException($"--registry-mirror: {exception.Message}");
        }
    }

    internal static LogLevel ParseLogLevel(string? text) =>
        TryParseLogLevel(text, out var level)
            ? level
            : throw new UsageException($"--log-level '{text}' is not one of trace, debug, information, warning, error, none");

    private static bool TryParseLogLevel(string? text, out LogLevel level)
    {
        level = (text ?? "warning").ToLowerInvariant() switch
        {
            "trace" => Microsoft.Extensions.Logging.LogLevel.Trace,
            "debug" => Microsoft.Extensions.Logging.LogLevel.Debug,
            "information" or "info" => Microsoft.Extensions.Logging.LogLevel.Information,
            "warning" or "warn" => Microsoft.Extensions.Logging.LogLevel.Warning,
            "error" => Microsoft.Extensions.Logging.LogLevel.Error,
            "none" => Microsoft.Extensions.Logging.LogLevel.None,
            _ => (LogLevel)(-1),
        };
        return level >= 0;
    }

    private static LogFormat ParseLogFormat(string? text) => (text ?? "text").ToLowerInvariant() switch
    {
        "text" => Cli.LogFormat.Text,
        "json" => Cli.LogFormat.Json,
        _ => throw new UsageException($"--log-format '{text}' is not one of text, json"),
    };

    private static Platform? ReadPlatform(string? text) =>
        text is null ? null
        : Core.Images.Platform.TryParse(text, out var platform) ? platform
        : throw new UsageException($"--platform '{text}' is not OS/ARCH or OS/ARCH/VARIANT, e.g. linux/arm64");
}

internal enum LogFormat
{
    Text,
    Json,
}

/// <summary>The common option values of one invocation.</summary>
internal sealed record RunSettings(
    string? ConfigPath,
    IReadOnlyList<RegistryMirror> RegistryMirrors,
    IReadOnlyList<string> InsecureRegistries,
    Platform? Platform,
    LogLevel LogLevel,
    LogFormat LogFormat,
    string? Output)
{
    /// <summary><c>--registry-cache DIR</c> as given (relative to the working folder), or null for the default.</summary>
    public string? RegistryCache { get; init; }

    /// <summary><c>--mirror-only HOST</c>: hosts asked only through their mirrors.</summary>
    public IReadOnlyList<string> MirrorOnlyRegistries { get; init; } = [];

    /// <summary>The -o value checked against what a command supports; absent means the first one.</summary>
    public string OutputOrDefault(params string[] supported)
    {
        if (Output is null)
        {
            return supported[0];
        }

        var value = Output.ToLowerInvariant();
        return supported.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new UsageException($"-o '{Output}' is not supported here; use one of {string.Join(", ", supported)}");
    }
}
