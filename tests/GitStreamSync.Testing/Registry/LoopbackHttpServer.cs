using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GitStreamSync.Testing.Registry;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 and a free port, written on raw sockets so a test can
/// do what no real server does: hang, omit or falsify headers, send a huge body, redirect
/// anywhere. Keep-alive is supported; every request is recorded.
/// </summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener listener;
    private readonly Func<LoopbackRequest, Task<LoopbackResponse>> handler;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<LoopbackRequest> requests = new();
    private readonly Task acceptLoop;
    private readonly ConcurrentBag<TcpClient> clients = [];

    private LoopbackHttpServer(Func<LoopbackRequest, Task<LoopbackResponse>> handler)
    {
        this.handler = handler;
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    public string HostPort => $"127.0.0.1:{Port}";

    public Uri BaseUri => new($"http://{HostPort}");

    public IReadOnlyCollection<LoopbackRequest> Requests => requests;

    public static LoopbackHttpServer Start(Func<LoopbackRequest, Task<LoopbackResponse>> handler) => new(handler);

    public static LoopbackHttpServer Start(Func<LoopbackRequest, LoopbackResponse> handler) => new(r => Task.FromResult(handler(r)));

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        foreach (var client in clients)
        {
            client.Dispose();
        }

        try
        {
            await acceptLoop;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stopping.Token);
            clients.Add(client);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            using (client)
            {
                var stream = client.GetStream();
                var input = new BufferedStream(stream);
                while (!stopping.IsCancellationRequested)
                {
                    var request = await ReadRequestAsync(input, stopping.Token);
                    if (request is null)
                    {
                        return;
                    }

                    requests.Enqueue(request);
                    var response = await handler(request);
                    if (response.Hang)
                    {
                        await Task.Delay(Timeout.Infinite, stopping.Token);
                    }

                    await WriteAsync(stream, request, response, stopping.Token);
                    if (response.Close)
                    {
                        return;
                    }
                }
            }
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException or FormatException)
        {
        }
    }

    private static async Task<LoopbackRequest?> ReadRequestAsync(Stream input, CancellationToken cancellationToken)
    {
        // A TLS ClientHello (an https attempt at a plain HTTP port) is answered by closing, as real servers do.
        var first = new byte[1];
        if (await input.ReadAsync(first, cancellationToken) == 0 || first[0] == 0x16)
        {
            return null;
        }

        var requestLine = (char)first[0] + (await ReadLineAsync(input, cancellationToken) ?? "");
        if (string.IsNullOrEmpty(requestLine))
        {
            return null;
        }

        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return null;
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? line;
        while (!string.IsNullOrEmpty(line = await ReadLineAsync(input, cancellationToken)))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                var name = line[..colon].Trim();
                var value = line[(colon + 1)..].Trim();
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
            }
        }

        var body = Array.Empty<byte>();
        if (headers.TryGetValue("Content-Length", out var length) && int.TryParse(length, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            body = new byte[n];
            await input.ReadExactlyAsync(body, cancellationToken);
        }

        return new LoopbackRequest(parts[0], parts[1], headers, body) { Received = DateTimeOffset.UtcNow };
    }

    private static async Task<string?> ReadLineAsync(Stream input, CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (true)
        {
            if (await input.ReadAsync(one, cancellationToken) == 0)
            {
                return line.Length == 0 ? null : line.ToString();
            }

            if (one[0] == '\n')
            {
                return line.ToString().TrimEnd('\r');
            }

            if (line.Length > 16 * 1024)
            {
                throw new FormatException("request line too long");
            }

            line.Append((char)one[0]);
        }
    }

    private static async Task WriteAsync(Stream stream, LoopbackRequest request, LoopbackResponse response, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        head.Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {response.Status} {response.Reason}\r\n");
        foreach (var (name, value) in response.Headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {response.Body.Length}\r\n");
        if (response.Close)
        {
            head.Append("Connection: close\r\n");
        }

        head.Append("\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        if (response.HangAfter is { } sent)
        {
            await stream.WriteAsync(response.Body.AsMemory(0, Math.Min(sent, response.Body.Length)), cancellationToken);
            await stream.FlushAsync(cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (request.Method != "HEAD" && response.Body.Length > 0)
        {
            await stream.WriteAsync(response.Body, cancellationToken);
        }

        await stream.FlushAsync(cancellationToken);
    }
}

/// <summary>A request as the loopback server read it.</summary>
public sealed record LoopbackRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public DateTimeOffset Received { get; init; }

    public string Path => Target.Split('?')[0];

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    /// <summary>Query parameters, repeated ones joined by a space (scope=a&amp;scope=b).</summary>
    public IReadOnlyDictionary<string, string> Query()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var q = Target.Contains('?', StringComparison.Ordinal) ? Target[(Target.IndexOf('?', StringComparison.Ordinal) + 1)..] : "";
        foreach (var pair in q.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            result[key] = result.TryGetValue(key, out var earlier) ? earlier + " " + value : value;
        }

        return result;
    }
}

/// <summary>What the loopback server answers; <see cref="Hang"/> never answers at all, <see cref="HangAfter"/> stops in the middle of the body.</summary>
public sealed class LoopbackResponse
{
    public int Status { get; init; } = 200;
    public string Reason { get; init; } = "OK";
    public List<KeyValuePair<string, string>> Headers { get; init; } = [];
    public byte[] Body { get; init; } = [];
    public bool Hang { get; init; }
    public bool Close { get; init; }

    /// <summary>Sends the headers (with the whole body's length) and this many bytes of the body, then nothing more.</summary>
    public int? HangAfter { get; init; }

    public static LoopbackResponse Text(int status, string body, params (string Name, string Value)[] headers) => new()
    {
        Status = status,
        Reason = status switch { 200 => "OK", 401 => "Unauthorized", 404 => "Not Found", 429 => "Too Many Requests", 500 => "Internal Server Error", _ => "Status" },
        Body = Encoding.UTF8.GetBytes(body),
        Headers = [.. headers.Select(h => KeyValuePair.Create(h.Name, h.Value))],
    };

    public static LoopbackResponse Bytes(int status, byte[] body, params (string Name, string Value)[] headers) => new()
    {
        Status = status,
        Body = body,
        Headers = [.. headers.Select(h => KeyValuePair.Create(h.Name, h.Value))],
    };
}
