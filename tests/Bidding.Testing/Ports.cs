using System.Net;
using System.Net.Sockets;

namespace Bidding.Testing;

/// <summary>Loopback ports for servers the tests start.</summary>
public static class Ports
{
    /// <summary>A port nothing listens on now (the OS picks it).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
