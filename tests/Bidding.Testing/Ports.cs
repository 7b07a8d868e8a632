using System.Net;
using System.Net.Sockets;

namespace Bidding.Testing;

/// <summary>
/// Loopback ports for servers the tests start. They come from below the kernel's ephemeral range
/// (32768 and up on Linux): a port the OS hands out for "port 0" can be taken as the local end of an
/// outgoing connection (to PostgreSQL, between silos) before the server binds it. Each test process
/// starts at its own offset in 20000–32000, and each port is probed before it is handed out.
/// </summary>
public static class Ports
{
    private const int First = 20_000;
    private const int Count = 12_000;
    private static int _next = (Environment.ProcessId * 997) % Count;

    /// <summary>A port nothing listens on now, not one the OS would pick for an outgoing connection.</summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < Count; attempt++)
        {
            var port = First + (Interlocked.Increment(ref _next) % Count);
            if (CanBind(port))
                return port;
        }
        throw new InvalidOperationException($"No free loopback port in {First}–{First + Count - 1}.");
    }

    private static bool CanBind(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
