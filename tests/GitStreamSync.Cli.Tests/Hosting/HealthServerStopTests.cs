using System.Net;
using System.Net.Sockets;
using GitStreamSync.Cli.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace GitStreamSync.Cli.Tests.Hosting;

/// <summary>
/// Once the worker's listener has stopped, its port is free for good: the worker's end (stop, then
/// dispose) never binds the port again, so whatever took it in between (the next worker on the
/// machine, a restarted one) is not disturbed and the worker does not end with "Address already in use".
/// </summary>
public sealed class HealthServerStopTests
{
    [Fact]
    public async Task Disposing_a_stopped_listener_does_not_bind_its_port_again()
    {
        var port = WorkerCommandTests.FreeLoopbackPort();
        var health = new HealthServer(new HealthEndpointOptions("127.0.0.1", port, "repo", "0 0 1 1 *"), new WorkerStatus(), NullLogger<HealthServer>.Instance);
        await health.StartAsync(CancellationToken.None);
        using (var bounded = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await health.StopAsync(bounded.Token);
        }

        // Another program takes the port the stopped listener let go of.
        var other = new TcpListener(IPAddress.Loopback, port);
        other.Start();
        try
        {
            var disposing = Record.Exception(health.Dispose);
            Assert.Null(disposing);

            // The other program still has its port and answers on it.
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            using var accepted = await other.AcceptTcpClientAsync();
            Assert.True(accepted.Connected);
        }
        finally
        {
            other.Stop();
        }
    }

    [Fact]
    public async Task Disposing_a_listener_that_was_never_stopped_frees_its_port()
    {
        var port = WorkerCommandTests.FreeLoopbackPort();
        var health = new HealthServer(new HealthEndpointOptions("127.0.0.1", port, "repo", "0 0 1 1 *"), new WorkerStatus(), NullLogger<HealthServer>.Instance);
        await health.StartAsync(CancellationToken.None);
        health.Dispose();

        var other = new TcpListener(IPAddress.Loopback, port);
        other.Start();
        other.Stop();
    }
}
