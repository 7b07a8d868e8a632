using System.Globalization;

namespace Bidding.Runtime.Cluster;

/// <summary>
/// Where a silo answers silo-to-silo calls, and which start of it this is: a silo restarted on the
/// same host and port has a new <see cref="Generation"/>, so it is never mistaken for the old one.
/// </summary>
public readonly record struct SiloAddress(string Host, int Port, long Generation)
{
    public string Endpoint => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}");

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Host}:{Port}@{Generation}");
}
