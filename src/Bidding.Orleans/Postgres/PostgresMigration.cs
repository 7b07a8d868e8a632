using System.Globalization;
using System.Reflection;

namespace Bidding.Orleans.Postgres;

/// <summary>
/// One step of the schema: an embedded <c>Migrations/NNNN_name.sql</c> resource. The number is the
/// version the database reaches once the step has run; steps run in number order.
/// </summary>
internal sealed record PostgresMigration(int Version, string Name, string Sql)
{
    private const string Prefix = "Bidding.Orleans.Postgres.Migrations.";

    /// <summary>Every migration shipped in this assembly, in order, numbered 1, 2, 3… without gaps.</summary>
    public static IReadOnlyList<PostgresMigration> All { get; } = Load();

    private static PostgresMigration[] Load()
    {
        var assembly = typeof(PostgresMigration).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Read(assembly, name))
            .OrderBy(m => m.Version)
            .ToArray();
        for (var i = 0; i < migrations.Length; i++)
        {
            // A gap or a duplicate number would silently skip or reorder a step on some databases.
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Schema migrations must be numbered 1..{migrations.Length} without gaps; found {migrations[i].Version} at position {i + 1}.");
        }
        return migrations;
    }

    private static PostgresMigration Read(Assembly assembly, string resource)
    {
        var file = resource[Prefix.Length..^".sql".Length];
        var separator = file.IndexOf('_', StringComparison.Ordinal);
        if (separator <= 0 || !int.TryParse(file.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            throw new InvalidOperationException($"Schema migration '{file}.sql' is not named NNNN_description.sql.");
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new PostgresMigration(version, file[(separator + 1)..], reader.ReadToEnd());
    }
}
