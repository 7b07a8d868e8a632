namespace Bidding.Silo.Api;

/// <summary>The platform API under <c>/api/v1</c>; every route needs an API key.</summary>
internal static class PlatformApi
{
    public static IEndpointRouteBuilder MapPlatformApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1").AddEndpointFilter<ApiKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        api.MapAdvertiserEndpoints();
        api.MapCampaignEndpoints();
        api.MapCreativeEndpoints();
        api.MapModelEndpoints();
        return app;
    }
}
