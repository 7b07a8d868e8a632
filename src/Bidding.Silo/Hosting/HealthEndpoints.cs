using Bidding.Engine.Catalog;

namespace Bidding.Silo.Hosting;

/// <summary>
/// Liveness (the process answers) and readiness (not draining, the catalog loaded, an active member of its
/// Orleans cluster, and the grain storage and event log writable): <c>/healthz</c>, <c>/readyz</c>, and the
/// same under <c>/health/live</c>, <c>/health/ready</c>.
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

    private static async Task<IResult> Ready(HttpContext http, CatalogStore catalog, SiloLifecycle lifecycle, ISiloStatusOracle membership, WriteProbe probe)
    {
        string? notReady = lifecycle.Draining ? "draining"
            : !catalog.Loaded ? "catalog not loaded"
            : membership.CurrentStatus != SiloStatus.Active ? $"not an active cluster member ({membership.CurrentStatus})"
            : await probe.ProblemAsync(http.RequestAborted);
        var body = new
        {
            status = notReady is null ? "ready" : "not ready",
            reason = notReady,
            catalogVersion = catalog.Version,
            silo = membership.SiloAddress.ToString(),
            activeSilos = membership.GetApproximateSiloStatuses(onlyActive: true).Count,
        };
        return notReady is null ? Results.Ok(body) : Results.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
