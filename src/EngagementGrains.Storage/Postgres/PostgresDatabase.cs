using Microsoft.Extensions.Options;
using Npgsql;

namespace EngagementGrains.Storage.Postgres;

/// <summary>The shared PostgreSQL database: a pooled data source and the schema check.</summary>
public sealed class PostgresDatabase : IStorageProbe, IErasureScrub, IAsyncDisposable
{
    /// <summary>The version of <c>deploy/sql/engagement.sql</c> this build needs.</summary>
    public const int SchemaVersion = 2;

    public PostgresDatabase(IOptions<PostgresStorageOptions> options)
    {
        if (string.IsNullOrWhiteSpace(options.Value.ConnectionString))
        {
            throw new InvalidOperationException("--storage postgres needs a connection string: --postgres \"Host=…;Username=…;Database=…\".");
        }

        DataSource = NpgsqlDataSource.Create(WithPoolLimit(options.Value));
    }

    /// <summary>The ADO.NET provider name Orleans' providers use for PostgreSQL.</summary>
    public const string Invariant = "Npgsql";

    public NpgsqlDataSource DataSource { get; }

    /// <summary>The connection string with this process's share of the server's connections, unless it says its own.</summary>
    public static string WithPoolLimit(PostgresStorageOptions options)
    {
        var connection = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        if (!options.ConnectionString.Contains("pool size", StringComparison.OrdinalIgnoreCase)
            && !options.ConnectionString.Contains("maxpoolsize", StringComparison.OrdinalIgnoreCase))
        {
            connection.MaxPoolSize = options.MaxConnections;
        }

        return connection.ConnectionString;
    }

    /// <summary>The version of <c>deploy/sql/orleans-clustering.sql</c> this build needs.</summary>
    public const int ClusteringSchemaVersion = 1;

    /// <summary>The version of <c>deploy/sql/orleans-persistence.sql</c> this build needs.</summary>
    public const int PersistenceSchemaVersion = 1;

    /// <summary>Fails with what to do when the schema is missing or older than this build needs.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await EnsureComponentAsync("engagement", SchemaVersion, cancellationToken);
        await EnsureComponentAsync("orleans-clustering", ClusteringSchemaVersion, cancellationToken);
        await EnsureComponentAsync("orleans-persistence", PersistenceSchemaVersion, cancellationToken);
    }

    private async Task EnsureComponentAsync(string component, int expected, CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand("SELECT version FROM eg_schema WHERE component = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = component });
        int? version;
        try
        {
            version = await command.ExecuteScalarAsync(cancellationToken) as int?;
        }
        catch (PostgresException error) when (error.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            version = null;
        }

        if (version != expected)
        {
            throw new InvalidOperationException(version is null
                ? $"The PostgreSQL database has no EngagementGrains schema ({component}). Apply it first: deploy/sql/apply.sh \"<connection URI>\"."
                : $"The PostgreSQL schema {component} is version {version}; this build needs {expected}. Apply deploy/sql/apply.sh from this build.");
        }
    }

    // Every table an erasure deletes from or rewrites. A DELETE leaves the old row versions in the heap and
    // their keys in the indexes until a vacuum; INDEX_CLEANUP ON stops it skipping the indexes when few pages
    // changed, which it otherwise does (and an index entry holds an event id or an individual id).
    private const string ScrubSql =
        "VACUUM (INDEX_CLEANUP ON) eg_events, eg_grain_state, eg_wakeups, eg_segment_members, eg_segment_changes, orleansstorage";

    /// <summary>Vacuums what an erasure touched, so no dead row version of the person remains.</summary>
    public async Task ScrubAsync(CancellationToken cancellationToken = default)
    {
        await using var command = DataSource.CreateCommand(ScrubSql);
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task PingAsync(CancellationToken cancellationToken)
    {
        await using var command = DataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
