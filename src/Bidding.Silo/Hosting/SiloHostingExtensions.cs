using Bidding.Engine.Hosting;
using Microsoft.Extensions.Options;

namespace Bidding.Silo.Hosting;

internal static class SiloHostingExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>One silo: the engine on the embedded store, the bid endpoint and the platform API.</summary>
    public static WebApplicationBuilder AddBiddingSilo(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
            builder.WebHost.UseUrls(DefaultUrl);

        var silo = builder.Configuration.GetSection("Silo").Get<SiloOptions>() ?? new SiloOptions();
        builder.Services.AddOptions<SiloOptions>().BindConfiguration("Silo").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddBiddingEngine(runtime =>
        {
            if (silo.Storage == StorageProvider.Memory)
                runtime.UseInMemoryStorage();
            else
                runtime.UseSqliteStorage(Path.Combine(silo.DataPath, "bidding.db"));
        });
        builder.Services.AddProblemDetails();
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
}
