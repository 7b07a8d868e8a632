using Bidding.Orleans.Postgres;
using Bidding.Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace Bidding.Orleans.Tests.Postgres;

/// <summary>What UsePostgresCluster registers, checked on a built (not started) silo host.</summary>
public sealed class PostgresClusterHostingTests
{
    private const string ConnectionString = "Host=127.0.0.1;Port=5432;Username=bidding;Database=bidding";

    [Theory]
    [InlineData("", "bidding")]
    [InlineData("Host=127.0.0.1;Nonsense Key=1", "bidding")]
    [InlineData(ConnectionString, " ")]
    public void Invalid_options_are_refused_when_the_profile_is_registered(string connectionString, string storageName)
    {
        var builder = Host.CreateApplicationBuilder();

        var error = Assert.Throws<OptionsValidationException>(() => builder.UseOrleans(silo => silo.UsePostgresCluster(o =>
        {
            o.ConnectionString = connectionString;
            o.StorageName = storageName;
        })));

        Assert.Single(error.Failures);
    }

    [Fact]
    public void Registering_twice_with_the_same_options_registers_once()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UsePostgresCluster(o => o.ConnectionString = ConnectionString));
        var count = builder.Services.Count;

        builder.UseOrleans(silo => silo.UsePostgresCluster(o => o.ConnectionString = ConnectionString));

        Assert.Equal(count, builder.Services.Count);
        using var host = builder.Build();
        Assert.NotNull(host.Services.GetKeyedService<IGrainStateFeed>(PostgresClusterOptions.DefaultStorageName));
        Assert.IsType<StringKeyGrainStorage>(host.Services.GetRequiredKeyedService<IGrainStorage>(PostgresClusterOptions.DefaultStorageName));
    }

    [Fact]
    public void Registering_again_with_other_options_is_refused()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UsePostgresCluster(o => o.ConnectionString = ConnectionString));

        Assert.Throws<InvalidOperationException>(() => builder.UseOrleans(silo => silo.UsePostgresCluster(o =>
        {
            o.ConnectionString = ConnectionString;
            o.StorageName = "other";
        })));
    }

    [Fact]
    public void Storage_takes_the_callers_settings_and_the_serializer_registered_under_its_name()
    {
        var serializer = new NoSerializer();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddKeyedSingleton<IGrainStorageSerializer>("campaigns", serializer);
        builder.UseOrleans(silo => silo.UsePostgresCluster(
            o =>
            {
                o.ConnectionString = ConnectionString;
                o.StorageName = "campaigns";
            },
            storage => storage.DeleteStateOnClear = true));

        using var host = builder.Build();
        var options = host.Services.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get("campaigns.adonet");

        Assert.Same(serializer, options.GrainStorageSerializer);
        Assert.True(options.DeleteStateOnClear);
        Assert.Equal("Npgsql", options.Invariant);
        Assert.Equal(ConnectionString, options.ConnectionString);
        Assert.NotNull(host.Services.GetKeyedService<IGrainStateFeed>("campaigns"));
        Assert.Null(host.Services.GetKeyedService<IGrainStateFeed>(PostgresClusterOptions.DefaultStorageName));
    }

    [Fact]
    public void Schema_start_up_can_be_left_to_the_migrate_verb()
    {
        var on = Host.CreateApplicationBuilder();
        on.UseOrleans(silo => silo.UsePostgresCluster(o => o.ConnectionString = ConnectionString));
        var off = Host.CreateApplicationBuilder();
        off.UseOrleans(silo => silo.UsePostgresCluster(o =>
        {
            o.ConnectionString = ConnectionString;
            o.ApplySchemaOnStart = false;
        }));

        using var withSchema = on.Build();
        using var withoutSchema = off.Build();

        Assert.Single(withSchema.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>().OfType<PostgresSchemaStartup>());
        Assert.Empty(withoutSchema.Services.GetServices<ILifecycleParticipant<ISiloLifecycle>>().OfType<PostgresSchemaStartup>());
    }

    private sealed class NoSerializer : IGrainStorageSerializer
    {
        public BinaryData Serialize<T>(T? input) => throw new NotSupportedException();

        public T? Deserialize<T>(BinaryData input) => throw new NotSupportedException();
    }
}
