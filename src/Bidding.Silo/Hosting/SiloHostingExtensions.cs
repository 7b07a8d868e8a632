using Bidding.Engine.Hosting;
using Bidding.Silo.Metrics;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Options;

namespace Bidding.Silo.Hosting;

internal static class SiloHostingExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>
    /// One silo: the engine on the embedded store (or, with <c>Silo:Storage=Postgres</c>, as a
    /// cluster member), the bid endpoint and the platform API.
    /// </summary>
    public static WebApplicationBuilder AddBiddingSilo(this WebApplicationBuilder builder)
    {
        AddPrefixedEnvironmentVariables(builder.Configuration);
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrl);

        var silo = builder.Configuration.GetSection("Silo").Get<SiloOptions>() ?? new SiloOptions();
        builder.Services.AddOptions<SiloOptions>().BindConfiguration("Silo").ValidateDataAnnotations().ValidateOnStart();
        // Orleans first: the engine's start-up work (catalog load, demo data) runs once the silo is up.
        builder.UseOrleans(orleans => OrleansSilo.Configure(orleans, builder.Configuration, silo));
        builder.Services.AddBiddingEngine();
        builder.Services.AddSingleton<SiloLifecycle>();
        builder.Services.AddSingleton<WriteProbe>();
        builder.Services.AddSingleton<IWritableCheck, EventLogWritableCheck>();
        builder.AddBiddingMetrics();
        builder.Services.AddSingleton<Bidding.Silo.OpenRtb.BidMetrics>();
        builder.Services.AddSingleton<Bidding.Silo.OpenRtb.LoadShedder>();
        // Tracking URLs point at this silo's first public URL unless Tracking:BaseUrl says otherwise.
        if (string.IsNullOrEmpty(builder.Configuration["Tracking:BaseUrl"]))
        {
            var first = (builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries)[0]
                .Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal);
            builder.Services.PostConfigure<Bidding.Engine.Tracking.TrackingOptions>(o => o.BaseUrl = first);
        }
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<TransientFailureHandler>();
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            foreach (var converter in Bidding.Engine.Catalog.EngineJson.Options.Converters)
                o.SerializerOptions.Converters.Add(converter);
        });
        builder.Services.AddSingleton<IPostConfigureOptions<SiloOptions>, AdminKeyWarning>();
        builder.Services.AddSingleton<Bidding.Silo.Api.DefinitionValidator>();
        builder.Services.AddScoped<Bidding.Silo.Api.ApiKeyFilter>();
        return builder;
    }

    /// <summary>
    /// Reads <c>Bidding__Section__Key</c> environment variables (as <c>Section:Key</c>), below the
    /// command line so an argument still wins.
    /// </summary>
    private static void AddPrefixedEnvironmentVariables(ConfigurationManager configuration)
    {
        IConfigurationBuilder builder = configuration;
        var sources = builder.Sources;
        var commandLine = sources.Count;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is CommandLineConfigurationSource)
            {
                commandLine = i;
                break;
            }
        }
        sources.Insert(commandLine, new Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource { Prefix = "Bidding__" });
    }
}
