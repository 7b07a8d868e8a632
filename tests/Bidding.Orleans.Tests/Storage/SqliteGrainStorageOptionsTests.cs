using Bidding.Orleans.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;

namespace Bidding.Orleans.Tests.Storage;

public sealed class SqliteGrainStorageOptionsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(":memory:")]
    [InlineData("file:grains?mode=memory&cache=shared")]
    public void A_data_source_that_is_not_a_file_is_refused(string dataSource)
    {
        var validator = new SqliteGrainStorageOptionsValidator(Valid(o => o.DataSource = dataSource), "bidding");

        var refused = Assert.Throws<OrleansConfigurationException>(validator.ValidateConfiguration);

        Assert.Contains(nameof(SqliteGrainStorageOptions.DataSource), refused.Message);
        Assert.Contains("'bidding'", refused.Message);
    }

    [Fact]
    public void A_busy_timeout_under_a_second_is_refused() =>
        Assert.Throws<OrleansConfigurationException>(
            new SqliteGrainStorageOptionsValidator(Valid(o => o.BusyTimeout = TimeSpan.FromMilliseconds(500)), "bidding").ValidateConfiguration);

    [Fact]
    public void Options_with_no_serializer_are_refused() =>
        Assert.Throws<OrleansConfigurationException>(
            new SqliteGrainStorageOptionsValidator(Valid(o => o.GrainStorageSerializer = null!), "bidding").ValidateConfiguration);

    [Fact]
    public void Registration_gives_one_storage_that_is_also_the_keyed_feed_and_takes_the_registered_serializer()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSerializer()
            .AddSingleton(StorageTestServices.Serializer);

        // Called twice for one name, as two features of a silo might: the second call only adds its configuration.
        services.AddSqliteGrainStorage("bidding", o => o.DataSource = "state/grains.db");
        services.AddSqliteGrainStorage("bidding", o => o.BusyTimeout = TimeSpan.FromSeconds(5));
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.IsKeyedService && d.ServiceType == typeof(IGrainStorage) && Equals(d.ServiceKey, "bidding"));
        var storage = provider.GetRequiredKeyedService<IGrainStorage>("bidding");
        Assert.IsType<SqliteGrainStorage>(storage);
        Assert.Same(storage, provider.GetRequiredKeyedService<IGrainStateFeed>("bidding"));
        Assert.Same(storage, Assert.Single(provider.GetServices<ILifecycleParticipant<ISiloLifecycle>>()));
        var options = provider.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get("bidding");
        Assert.Equal(("state/grains.db", TimeSpan.FromSeconds(5)), (options.DataSource, options.BusyTimeout));
        Assert.Same(StorageTestServices.Serializer, options.GrainStorageSerializer);
        Assert.All(provider.GetServices<IConfigurationValidator>(), v => v.ValidateConfiguration());
    }

    [Fact]
    public void As_default_it_is_the_unnamed_grain_storage()
    {
        var services = new ServiceCollection().AddLogging().AddSerializer().AddSingleton(StorageTestServices.Serializer);

        services.AddSqliteGrainStorageAsDefault(o => o.DataSource = "grains.db");
        using var provider = services.BuildServiceProvider();

        Assert.IsType<SqliteGrainStorage>(provider.GetRequiredService<IGrainStorage>());
        Assert.Same(provider.GetRequiredService<IGrainStorage>(), provider.GetRequiredKeyedService<IGrainStateFeed>("Default"));
    }

    private static SqliteGrainStorageOptions Valid(Action<SqliteGrainStorageOptions> change)
    {
        var options = new SqliteGrainStorageOptions { DataSource = "grains.db", GrainStorageSerializer = StorageTestServices.Serializer };
        change(options);
        return options;
    }
}
