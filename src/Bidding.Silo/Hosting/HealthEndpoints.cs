using Bidding.Engine.Catalog;

namespace Bidding.Silo.Hosting;

internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health/live", () => Results.Ok(new { status = "live" })).ExcludeFromDescription();
        app.MapGet("/health/ready", (CatalogStore catalog) => Results.Ok(new { status = "ready", catalogVersion = catalog.Version })).ExcludeFromDescription();
        return app;
    }
}
