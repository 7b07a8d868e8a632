using Bidding.Engine.Catalog;
using Bidding.Runtime.Cluster;

namespace Bidding.Silo.Hosting;

/// <summary>
/// Liveness (the process answers) and readiness (the catalog is loaded, the silo is an active
/// cluster member when clustered, and it is not draining): <c>/healthz</c>, <c>/readyz</c>, and
/// the same under <c>/health/live</c>, <c>/health/ready</c>.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Live).ExcludeFromDescription();
        app.MapGet("/health/live", Live).ExcludeFromDescription();
        app.MapGet("/readyz", Ready).ExcludeFromDescription();
        app.MapGet("/health/ready", Ready).ExcludeFromDescription();
        return app;
    }

    private static IResult Live() => Results.Ok(new { status = "live" });

    private static IResult Ready(HttpContext http, CatalogStore catalog, SiloLifecycle lifecycle)
    {
        var membership = http.RequestServices.GetService<ClusterMembership>();
        string? notReady = lifecycle.Draining ? "draining"
            : membership is { IsActive: false } ? "not an active cluster member"
            : null;
        var body = new
        {
            status = notReady is null ? "ready" : "not ready",
            reason = notReady,
            catalogVersion = catalog.Version,
            silo = membership?.Self.ToString(),
            membershipVersion = membership?.View.Version,
            activeSilos = membership?.View.Active.Length,
        };
        return notReady is null ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
