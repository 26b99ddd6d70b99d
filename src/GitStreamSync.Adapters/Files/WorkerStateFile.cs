using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace GitStreamSync.Adapters.Files;

/// <summary>
/// When the worker last checked each stream (<c>FILE#NAME</c> -> instant), kept in its cache folder
/// so that a restarted worker goes on where it stopped instead of resolving every stream at once.
/// Written whole (<see cref="AtomicFile"/>) after every run that checked a stream. A missing or
/// damaged file costs one thing only: every stream is due once at the next run, as on a first start.
/// </summary>
internal sealed class WorkerStateFile(string path, ILogger logger)
{
    public const string FileName = "worker-state.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string FilePath => path;

    public Dictionary<string, DateTimeOffset> Load()
    {
        var streams = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        try
        {
            AtomicFile.RemoveLeftovers(path);
            if (!File.Exists(path))
            {
                logger.LogInformation("No worker state at {File}: every stream is due once at the first run", path);
                return streams;
            }

            var root = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new JsonException("not a JSON object");
            var checkedAt = root["streams"] as JsonObject ?? throw new JsonException("no \"streams\" object");
            foreach (var (stream, value) in checkedAt)
            {
                var text = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw new JsonException($"\"{stream}\" has no time");
                streams[stream] = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            }

            return streams;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or FormatException or InvalidOperationException)
        {
            logger.LogWarning("The worker state {File} is damaged ({Reason}); discarded: every stream is due once at the next run", path, exception.Message);
            streams.Clear();
            return streams;
        }
    }

    /// <summary>Writes the state whole; a failure is logged, not thrown: losing it costs one early check of each stream.</summary>
    public void Save(IReadOnlyDictionary<string, DateTimeOffset> lastChecked)
    {
        ArgumentNullException.ThrowIfNull(lastChecked);
        var streams = new JsonObject();
        foreach (var (stream, at) in lastChecked.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            streams[stream] = at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        }

        try
        {
            AtomicFile.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["streams"] = streams }, Json));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The worker state {File} was not written ({Reason})", path, exception.Message);
        }
    }
}
