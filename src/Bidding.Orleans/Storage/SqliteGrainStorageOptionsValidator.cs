namespace Bidding.Orleans.Storage;

/// <summary>Refuses, at silo start, options that could only fail later or lose data.</summary>
internal sealed class SqliteGrainStorageOptionsValidator(SqliteGrainStorageOptions options, string name) : IConfigurationValidator
{
    public void ValidateConfiguration()
    {
        if (string.IsNullOrWhiteSpace(options.DataSource))
            throw Invalid($"{nameof(options.DataSource)} is required: the path of the database file.");

        // Every connection to an in-memory database opens a new, empty one: states would vanish between calls.
        if (options.DataSource.Trim() == ":memory:" || options.DataSource.Contains("mode=memory", StringComparison.OrdinalIgnoreCase))
            throw Invalid($"{nameof(options.DataSource)} '{options.DataSource}' is an in-memory database; give the path of a file.");

        if (options.BusyTimeout < TimeSpan.FromSeconds(1))
            throw Invalid($"{nameof(options.BusyTimeout)} is {options.BusyTimeout}; it must be at least one second.");

        if (options.GrainStorageSerializer is null)
            throw Invalid($"{nameof(options.GrainStorageSerializer)} is not set and no IGrainStorageSerializer is registered.");
    }

    private OrleansConfigurationException Invalid(string why) =>
        new($"SQLite grain storage '{name}' is misconfigured: {why}");
}
