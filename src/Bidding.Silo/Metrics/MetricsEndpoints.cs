using Microsoft.Extensions.Options;

namespace Bidding.Silo.Metrics;

/// <summary><c>GET /metrics</c>: the Prometheus text exposition of every exported meter, on <see cref="MetricsOptions.Port"/> when set.</summary>
internal static class MetricsEndpoints
{
    /// <summary>Registers the exporter and, with a metrics port, adds it to the URLs Kestrel listens on.</summary>
    public static WebApplicationBuilder AddBiddingMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddOptions<MetricsOptions>().BindConfiguration("Metrics").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new PrometheusExporter(sp.GetRequiredService<IOptions<MetricsOptions>>(),
            sp.GetRequiredService<ILogger<PrometheusExporter>>(), sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        builder.Services.AddSingleton<SiloGauges>();
        var options = builder.Configuration.GetSection("Metrics").Get<MetricsOptions>() ?? new MetricsOptions();
        if (options.Enabled && options.Port > 0)
            builder.WebHost.UseUrls($"{builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? Hosting.SiloHostingExtensions.DefaultUrl};http://0.0.0.0:{options.Port}");
        return builder;
    }

    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
            return app;
        // Created now, not at the first scrape, so it hears every measurement from the start.
        var exporter = app.ServiceProvider.GetRequiredService<PrometheusExporter>();
        app.ServiceProvider.GetRequiredService<SiloGauges>();
        app.ServiceProvider.GetRequiredService<OpenRtb.BidMetrics>();
        app.ServiceProvider.GetRequiredService<Bidding.Engine.Hosting.EngineMetrics>();
        var endpoint = app.MapGet("/metrics", () => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType)).ExcludeFromDescription();
        if (options.Port > 0)
            endpoint.RequireHost($"*:{options.Port}");
        return app;
    }
}
