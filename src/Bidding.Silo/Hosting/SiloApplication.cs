using Bidding.Silo.Api;
using Bidding.Silo.Metrics;
using Bidding.Silo.OpenRtb;
using Bidding.Silo.Tracking;

namespace Bidding.Silo.Hosting;

/// <summary>Builds a silo: the host and its endpoints. <c>Program</c> runs one; the test cluster starts several.</summary>
public static class SiloApplication
{
    public static WebApplication Create(string[] args)
    {
        var builder = WebApplication.CreateBuilder(SiloArguments.Translate(args));
        builder.AddBiddingSilo();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();

        // The bid path: exchanges POST OpenRTB 2.6 here.
        app.MapBidEndpoint();
        // The notice path: win, billing and loss notices, impression pixels, clicks, conversions.
        app.MapTrackingEndpoints();
        // The platform API: advertisers, campaigns, creatives, stats.
        app.MapPlatformApi();
        // Operations: health, Prometheus metrics, the OpenAPI document and (when on) the Orleans Dashboard.
        app.MapHealthEndpoints();
        app.MapMetricsEndpoint();
        app.MapOpenApi();
        app.MapDashboard();
        return app;
    }
}
