using System.Net;
using System.Net.Sockets;

namespace GitStreamSync.Testing.Git;

public static class LoopbackPort
{
    private static readonly HashSet<int> Given = [];

    /// <summary>
    /// A free TCP port on 127.0.0.1, found by binding port 0 and releasing it, and never one given
    /// before in this process: the kernel hands a port just released out again, so two tests
    /// picking at once would both get it and one server would fail to listen.
    /// </summary>
    public static int Pick()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Given)
            {
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
    }

    /// <summary>Waits (bounded) until something accepts connections on the port.</summary>
    public static bool WaitUntilListening(int port, TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (Environment.TickCount64 < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(20);
            }
        }

        return false;
    }
}
