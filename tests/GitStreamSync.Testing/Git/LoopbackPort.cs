using System.Net;
using System.Net.Sockets;

namespace GitStreamSync.Testing.Git;

public static class LoopbackPort
{
    /// <summary>A free TCP port on 127.0.0.1, found by binding port 0 and releasing it.</summary>
    public static int Pick()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
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
