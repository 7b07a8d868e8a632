using Bidding.Silo.Api;
using Bidding.Silo.Hosting;
using Bidding.Silo.OpenRtb;

var builder = WebApplication.CreateBuilder(SiloArguments.Translate(args));
builder.AddBiddingSilo();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();

// The bid path: exchanges POST OpenRTB 2.6 here.
app.MapBidEndpoint();
// The platform API: advertisers, campaigns, creatives, stats.
app.MapPlatformApi();
// Operations: health and the OpenAPI document.
app.MapHealthEndpoints();
app.MapOpenApi();

app.Run();

/// <summary>The silo's entry point (public for WebApplicationFactory in tests).</summary>
public partial class Program;
