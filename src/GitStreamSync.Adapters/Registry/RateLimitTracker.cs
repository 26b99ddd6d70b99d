using System.Collections.Concurrent;
using System.Globalization;

namespace GitStreamSync.Adapters.Registry;

/// <summary>
/// Docker Hub's pull budget as the registry reports it (<c>ratelimit-limit: 100;w=21600</c>,
/// <c>ratelimit-remaining: 76;w=21600</c>). HEADs do not spend it but carry the headers, so the
/// run always knows the budget; below the floor the host is not asked again in this run.
/// </summary>
internal sealed class RateLimitTracker(int floor)
{
    private readonly ConcurrentDictionary<string, RateLimitReading> readings = new(StringComparer.OrdinalIgnoreCase);

    public int Floor { get; } = floor;

    public IReadOnlyDictionary<string, RateLimitReading> Readings => readings;

    public void Observe(string authority, string? limitHeader, string? remainingHeader)
    {
        if (TryParseCount(remainingHeader, out var remaining, out var window))
        {
            int? limit = TryParseCount(limitHeader, out var l, out _) ? l : null;
            // Answers arrive out of order under concurrency: keep the lowest remaining count seen.
            readings.AddOrUpdate(
                authority,
                new RateLimitReading(limit, remaining, window),
                (_, old) => remaining < old.Remaining ? new RateLimitReading(limit ?? old.Limit, remaining, window ?? old.WindowSeconds) : old);
        }
    }

    /// <summary>A host that answered 429 for good: treat its budget as spent.</summary>
    public void MarkExhausted(string authority) =>
        readings.AddOrUpdate(authority, new RateLimitReading(null, 0, null), (_, old) => old with { Remaining = 0 });

    public bool IsBelowFloor(string authority, out RateLimitReading reading) =>
        readings.TryGetValue(authority, out reading!) && reading.Remaining < Floor;

    private static bool TryParseCount(string? header, out int count, out int? windowSeconds)
    {
        count = 0;
        windowSeconds = null;
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        var parts = header.Split(';', StringSplitOptions.TrimEntries);
        foreach (var part in parts.Skip(1))
        {
            if (part.StartsWith("w=", StringComparison.OrdinalIgnoreCase) && int.TryParse(part[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var w))
            {
                windowSeconds = w;
            }
        }

        return int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out count);
    }
}

/// <summary>One host's budget: <see cref="Limit"/> pulls per <see cref="WindowSeconds"/>, <see cref="Remaining"/> left.</summary>
internal sealed record RateLimitReading(int? Limit, int Remaining, int? WindowSeconds);
