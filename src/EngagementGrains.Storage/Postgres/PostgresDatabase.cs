using Microsoft.Extensions.Options;
using Npgsql;

namespace EngagementGrains.Storage.Postgres;

/// <summary>The shared PostgreSQL database: a pooled data source and the schema check.</summary>
public sealed class PostgresDatabase : IStorageProbe, IErasureScrub, IDepartedSessions, IAsyncDisposable
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
        var probe = new NpgsqlConnectionStringBuilder(WithPoolLimit(options.Value)) { MaxPoolSize = 1, MinPoolSize = 0 };
        _probeSource = NpgsqlDataSource.Create(probe.ConnectionString);
    }

    // Pings go over a connection of their own: on a busy silo every pooled connection can be taken by writes,
    // and a ping queued behind them would call a reachable server unreachable (and take the silo out).
    private readonly NpgsqlDataSource _probeSource;

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

        if (options.SessionName is { Length: > 0 } name && string.IsNullOrEmpty(connection.ApplicationName))
        {
            connection.ApplicationName = name;
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
        await using var command = _probeSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<int> EndSessionsAsync(string sessionName, CancellationToken cancellationToken = default)
    {
        // The same role may end its own sessions; an operator who gives silos different roles grants pg_signal_backend.
        await using var command = DataSource.CreateCommand(
            "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()");
        command.Parameters.Add(new NpgsqlParameter { Value = sessionName });
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await _probeSource.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
