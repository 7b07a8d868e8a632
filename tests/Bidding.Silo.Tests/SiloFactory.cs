using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Bidding.Silo.Tests;

/// <summary>An in-process silo. Memory storage and no demo data unless told otherwise.</summary>
public class SiloFactory(bool demoData = false, string? dataPath = null) : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Silo:AdminApiKey", AdminKey);
        builder.UseSetting("Engine:SeedDemoData", demoData ? "true" : "false");
        builder.UseSetting("Silo:Storage", dataPath is null ? "Memory" : "Sqlite");
        if (dataPath is not null)
            builder.UseSetting("Silo:DataPath", dataPath);
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
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
