using System.Globalization;
using Bidding.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bidding.Silo.Tests;

/// <summary>An in-process silo. Memory storage and no demo data unless told otherwise.</summary>
public class SiloFactory : WebApplicationFactory<Program>
{
    private readonly bool _demoData;
    private readonly string? _dataPath;

    public const string AdminKey = "test-admin-key";
    public const string TrackingSecret = "test-tracking-secret-0123456789abcdef";

    public SiloFactory()
    {
    }

    protected SiloFactory(bool demoData, string? dataPath)
    {
        _demoData = demoData;
        _dataPath = dataPath;
    }

    /// <summary>A silo on the embedded SQLite store in <paramref name="dataPath"/>.</summary>
    public static SiloFactory OnDisk(string dataPath) => new PersistentSilo(dataPath);

    private sealed class PersistentSilo(string dataPath) : SiloFactory(false, dataPath);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Silo:AdminApiKey", AdminKey);
        builder.UseSetting("Engine:SeedDemoData", _demoData ? "true" : "false");
        builder.UseSetting("Silo:Storage", _dataPath is null ? "Memory" : "Sqlite");
        if (_dataPath is not null)
            builder.UseSetting("Silo:DataPath", _dataPath);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        // Tests run many silos at once on two cores: the thread pool's queue is theirs, not a silo's overload (LoadShedderTests test it).
        builder.UseSetting("Silo:MaxQueueDelayMs", "0");
        builder.UseSetting("Events:PollInterval", "00:00:00.010");
        builder.UseSetting("Budget:RefreshInterval", "00:00:00.020");
        builder.UseSetting("Events:BidReportInterval", "00:00:00.100");
        // Each silo of the test process on its own Orleans ports.
        builder.UseSetting("Cluster:SiloPort", Ports.Free().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Cluster:GatewayPort", Ports.Free().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Tracking:Keys:0:Id", "test");
        builder.UseSetting("Tracking:Keys:0:Secret", TrackingSecret);
    }

    public HttpClient Admin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", AdminKey);
        return client;
    }

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }
}
