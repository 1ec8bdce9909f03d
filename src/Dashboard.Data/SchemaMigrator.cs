using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Dashboard.Data;

/// <summary>One numbered schema step, from an embedded <c>Migrations/NNNN_name.sql</c> file.</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Runs the embedded <c>Migrations/NNNN_name.sql</c> files in order. The applied version is PRAGMA user_version;
/// each file runs in its own IMMEDIATE transaction that also sets user_version, so a step is applied entirely or not
/// at all, and two processes migrating at once cannot both apply the same step. Shipped files are immutable.
/// </summary>
public static partial class SchemaMigrator
{
    private const string ResourceMarker = ".Migrations.";

    private static readonly Lazy<IReadOnlyList<Migration>> _embedded = new(LoadEmbedded);

    /// <summary>Every embedded migration, ordered by version (1, 2, ... with no gaps).</summary>
    public static IReadOnlyList<Migration> Embedded => _embedded.Value;

    /// <summary>The version a fully migrated database has.</summary>
    public static int LatestVersion => Embedded.Count == 0 ? 0 : Embedded[^1].Version;

    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Applies the migrations above the current version up to <paramref name="targetVersion"/>; returns the new version.</summary>
    public static int Migrate(SqliteConnection connection, int targetVersion)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(targetVersion);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(targetVersion, LatestVersion);

        var current = ReadVersion(connection);
        if (current > LatestVersion)
            throw new DatabaseSchemaException(
                $"The database {connection.DataSource} has schema version {current}, but this build of Dashboard knows versions up to {LatestVersion}. " +
                "It was written by a newer Dashboard: run that version, or point Engine:DataRoot at another directory.");

        foreach (var migration in Embedded.Where(m => m.Version > current && m.Version <= targetVersion))
            Apply(connection, migration);
        return ReadVersion(connection);
    }

    private static void Apply(SqliteConnection connection, Migration migration)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        // Re-read under the write lock: another process may have applied this step since we looked.
        using (var check = connection.CreateCommand())
        {
            check.Transaction = transaction;
            check.CommandText = "PRAGMA user_version;";
            if (Convert.ToInt32(check.ExecuteScalar(), CultureInfo.InvariantCulture) >= migration.Version)
                return;
        }

        try
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // PRAGMA takes no parameters; the version is an int we parsed, so formatting it in is safe.
            command.CommandText = migration.Sql + $"\n;PRAGMA user_version = {migration.Version.ToString(CultureInfo.InvariantCulture)};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
        catch (SqliteException e)
        {
            throw new DatabaseSchemaException($"Migration {migration.Version:D4}_{migration.Name} failed on {connection.DataSource}: {e.Message}", e);
        }
    }

    private static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var marker = resource.LastIndexOf(ResourceMarker, StringComparison.Ordinal);
            if (marker < 0 || !resource.EndsWith(".sql", StringComparison.Ordinal))
                continue;
            var fileName = resource[(marker + ResourceMarker.Length)..];
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
                throw new InvalidOperationException($"Embedded migration '{fileName}' is not named NNNN_name.sql.");
            migrations.Add(new Migration(
                int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                ReadResource(assembly, resource)));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException(
                    $"Embedded migrations must be numbered 1, 2, 3, ... without gaps or duplicates; found {string.Join(", ", migrations.Select(m => m.Version))}.");
        }
        return migrations;
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[A-Za-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
