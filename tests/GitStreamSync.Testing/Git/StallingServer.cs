using System.Net;
using System.Net.Sockets;

namespace GitStreamSync.Testing.Git;

/// <summary>
/// A loopback server that accepts connections and never answers: the "server that stalls" fault.
/// Without network timeouts libgit2 would wait on it forever.
/// </summary>
public sealed class StallingServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> accepted = [];
    private readonly CancellationTokenSource stop = new();

    public StallingServer()
    {
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _ = AcceptAsync();
    }

    public int Port { get; }

    public string Url(string repository) => $"http://127.0.0.1:{Port}/git/{repository}.git";

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (accepted)
        {
            foreach (var client in accepted)
            {
                client.Dispose();
            }
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop.Token);
                lock (accepted)
                {
                    accepted.Add(client);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
