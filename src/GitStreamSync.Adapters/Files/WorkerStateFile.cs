using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using GitStreamSync.Core.Read;

namespace GitStreamSync.Adapters.Files;

/// <summary>
/// When the worker last checked each stream (<c>FILE#NAME</c> -> instant), kept in its cache folder
/// so that a restarted worker goes on where it stopped instead of resolving every stream at once.
/// Written whole (<see cref="AtomicFile"/>) after every run that checked a stream. A missing or
/// damaged file costs one thing only: every stream is due once at the next run, as on a first start.
/// <para>
/// A worker of one repository writes <c>{"streams": {...}}</c>; a worker of several writes
/// <c>{"repositories": {"URL": {"streams": {...}}}}</c>. Either shape is read by either worker: a
/// file of one repository's streams is that repository's state when the worker serves that one
/// repository (a worker that goes from one repository to several checks every stream once again,
/// since the old file does not say which repository it was).
/// </para>
/// </summary>
internal sealed class WorkerStateFile(string path, ILogger logger)
{
    public const string FileName = "worker-state.json";

    public string FilePath => path;

    /// <summary>The state of each of <paramref name="repositories"/> (empty for one the file does not know).</summary>
    public Dictionary<string, Dictionary<string, DateTimeOffset>> Load(IReadOnlyList<string> repositories)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var state = repositories.Distinct(StringComparer.Ordinal).ToDictionary(r => r, _ => new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal), StringComparer.Ordinal);
        try
        {
            AtomicFile.RemoveLeftovers(path);
            if (!File.Exists(path))
            {
                logger.LogInformation("No worker state at {File}: every stream is due once at the first run", path);
                return state;
            }

            var root = JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject ?? throw new JsonException("not a JSON object");
            if (root["repositories"] is JsonObject byRepository)
            {
                foreach (var (repository, streams) in state)
                {
                    if (byRepository[repository] is JsonObject known)
                    {
                        Read(known, streams);
                    }
                }
            }
            else if (state.Count == 1)
            {
                Read(root, state.Values.Single());
            }
            else if (root["streams"] is null)
            {
                throw new JsonException("no \"streams\" or \"repositories\" object");
            }
            else
            {
                logger.LogInformation("The worker state {File} is of one repository and this worker serves {Count}: every stream is due once at the first run", path, state.Count);
            }

            return state;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException or FormatException or InvalidOperationException)
        {
            logger.LogWarning("The worker state {File} is damaged ({Reason}); discarded: every stream is due once at the next run", path, exception.Message);
            foreach (var streams in state.Values)
            {
                streams.Clear();
            }

            return state;
        }
    }

    /// <summary>Writes the state of a worker of one repository whole; a failure is logged, not thrown: losing it costs one early check of each stream.</summary>
    public void Save(IReadOnlyDictionary<string, DateTimeOffset> lastChecked)
    {
        ArgumentNullException.ThrowIfNull(lastChecked);
        Write(Streams(lastChecked));
    }

    /// <summary>Writes the state of a worker of several repositories whole, each under its URL.</summary>
    public void Save(IReadOnlyDictionary<string, IReadOnlyDictionary<string, DateTimeOffset>> lastCheckedByRepository)
    {
        ArgumentNullException.ThrowIfNull(lastCheckedByRepository);
        var repositories = new JsonObject();
        foreach (var (repository, lastChecked) in lastCheckedByRepository.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            repositories[repository] = Streams(lastChecked);
        }

        Write(new JsonObject { ["repositories"] = repositories });
    }

    private static void Read(JsonObject holder, Dictionary<string, DateTimeOffset> streams)
    {
        var checkedAt = holder["streams"] as JsonObject ?? throw new JsonException("no \"streams\" object");
        foreach (var (stream, value) in checkedAt)
        {
            var text = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw new JsonException($"\"{stream}\" has no time");
            streams[stream] = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
        }
    }

    private static JsonObject Streams(IReadOnlyDictionary<string, DateTimeOffset> lastChecked)
    {
        var streams = new JsonObject();
        foreach (var (stream, at) in lastChecked.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            streams[stream] = at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);
        }

        return new JsonObject { ["streams"] = streams };
    }

    private void Write(JsonObject root)
    {
        try
        {
            AtomicFile.WriteAllBytes(path, JsonTree.ToUtf8Bytes(root, indented: true));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("The worker state {File} was not written ({Reason})", path, exception.Message);
        }
    }
}
