using Microsoft.Extensions.Options;
using Npgsql;

namespace Bidding.Orleans.Postgres;

/// <summary>Checks <see cref="PostgresClusterOptions"/> when the profile is registered, before any silo starts.</summary>
internal sealed class PostgresClusterOptionsValidator : IValidateOptions<PostgresClusterOptions>
{
    public static readonly PostgresClusterOptionsValidator Instance = new();

    public ValidateOptionsResult Validate(string? name, PostgresClusterOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"{nameof(PostgresClusterOptions.ConnectionString)} is required: the Npgsql connection string of the cluster's database.");
        }
        else
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(options.ConnectionString);
            }
            catch (ArgumentException e)
            {
                failures.Add($"{nameof(PostgresClusterOptions.ConnectionString)} is not a valid Npgsql connection string: {e.Message}");
            }
        }
        if (string.IsNullOrWhiteSpace(options.StorageName) || options.StorageName.Trim() != options.StorageName)
            failures.Add($"{nameof(PostgresClusterOptions.StorageName)} must be a non-empty name without surrounding spaces (default \"{PostgresClusterOptions.DefaultStorageName}\").");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static void ThrowIfInvalid(PostgresClusterOptions options)
    {
        var result = Instance.Validate(Options.DefaultName, options);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(PostgresClusterOptions), result.Failures);
    }
}
