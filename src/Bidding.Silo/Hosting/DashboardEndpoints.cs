using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace Bidding.Silo.Hosting;

/// <summary>
/// The Orleans Dashboard for SREs (grains, silos, calls, errors) under <c>/dashboard</c> when
/// <see cref="SiloOptions.Dashboard"/> is on. It shows every tenant's grains, so only the admin key opens it:
/// a browser asks for it (HTTP basic authentication, any user name, the key as password); tools may send it as
/// <c>X-Api-Key</c>. Without an admin key set, the dashboard stays closed.
/// </summary>
internal static class DashboardEndpoints
{
    public const string Path = "/dashboard";

    public static void AddDashboard(ISiloBuilder silo, SiloOptions options)
    {
        if (options.Dashboard)
            silo.AddDashboard(_ => { });
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        if (app.ServiceProvider.GetRequiredService<IOptions<SiloOptions>>().Value.Dashboard)
            app.MapOrleansDashboard(Path).AddEndpointFilter(AdminOnly).ExcludeFromDescription();
        return app;
    }

    private static async ValueTask<object?> AdminOnly(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var admin = http.RequestServices.GetRequiredService<IOptions<SiloOptions>>().Value.AdminApiKey;
        if (admin is { Length: > 0 } && Presented(http.Request) is { } key
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(admin)))
            return await next(context);
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"Orleans dashboard\", charset=\"UTF-8\"";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Admin key required",
            detail: "The dashboard opens with the silo's admin key (as the password of basic authentication, or in X-Api-Key).");
    }

    /// <summary>The key from X-Api-Key, or the password of basic authentication.</summary>
    private static string? Presented(HttpRequest request)
    {
        if (request.Headers["X-Api-Key"].ToString() is { Length: > 0 } header)
            return header;
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var auth) || !"Basic".Equals(auth.Scheme, StringComparison.OrdinalIgnoreCase)
            || auth.Parameter is null)
            return null;
        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? null : pair[(colon + 1)..];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
