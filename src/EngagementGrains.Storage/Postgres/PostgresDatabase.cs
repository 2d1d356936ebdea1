using Microsoft.Extensions.Options;
using Npgsql;

namespace EngagementGrains.Storage.Postgres;

/// <summary>The shared PostgreSQL database (and the log's partitions, if any): pooled data sources and the schema check.</summary>
public sealed class PostgresDatabase : IStorageProbe, IErasureScrub, IDepartedSessions, IAsyncDisposable
{
    /// <summary>The version of <c>deploy/sql/engagement.sql</c> this build needs.</summary>
    public const int SchemaVersion = 3;

    public PostgresDatabase(IOptions<PostgresStorageOptions> options)
    {
        if (string.IsNullOrWhiteSpace(options.Value.ConnectionString))
        {
            throw new InvalidOperationException("--storage postgres needs a connection string: --postgres \"Host=…;Username=…;Database=…\".");
        }

        Partitions = new PostgresPartitions(options.Value);
    }

    /// <summary>Where each individual's events, wake-up and snapshot live.</summary>
    public PostgresPartitions Partitions { get; }

    /// <summary>The ADO.NET provider name Orleans' providers use for PostgreSQL.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The main database: memberships, feeds and everything not partitioned by individual.</summary>
    public NpgsqlDataSource DataSource => Partitions.Main;

    /// <summary>The connection string with this process's share of the server's connections, unless it says its own.</summary>
    public static string WithPoolLimit(PostgresStorageOptions options) => WithPoolLimit(options, options.ConnectionString);

    /// <summary>One database's connection string (the main one or a partition) with this process's share of its connections and its prepared statements.</summary>
    public static string WithPoolLimit(PostgresStorageOptions options, string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Names(connectionString, "pool size", "maxpoolsize"))
        {
            connection.MaxPoolSize = options.MaxConnections;
        }

        if (!Names(connectionString, "auto prepare", "autoprepare"))
        {
            connection.MaxAutoPrepare = options.PreparedStatements;
        }

        // A prepared statement's generic plan is made for the table as it was when it was prepared: the append's,
        // prepared while a new partition was nearly empty, scanned the whole log on every commit (11 ms a call)
        // until an analyze. Planning each call for its own values costs little beside what our statements do.
        if (connection.Options?.Contains("plan_cache_mode", StringComparison.OrdinalIgnoreCase) != true)
        {
            connection.Options = $"{connection.Options} -c plan_cache_mode=force_custom_plan".Trim();
        }

        // Npgsql resets a pooled connection's session (seven statements, the server running each) before its next use;
        // nothing here leaves session state behind (locks are the transaction's, LISTEN has its own connection).
        if (!Names(connectionString, "reset on close", "noresetonclose"))
        {
            connection.NoResetOnClose = true;
        }

        if (options.SessionName is { Length: > 0 } name && string.IsNullOrEmpty(connection.ApplicationName))
        {
            connection.ApplicationName = name;
        }

        return connection.ConnectionString;
    }

    // Whether the operator's connection string sets a keyword itself (spelt with spaces or without): theirs wins.
    private static bool Names(string connectionString, string spaced, string joined) =>
        connectionString.Contains(spaced, StringComparison.OrdinalIgnoreCase) || connectionString.Contains(joined, StringComparison.OrdinalIgnoreCase);

    /// <summary>The version of <c>deploy/sql/orleans-clustering.sql</c> this build needs.</summary>
    public const int ClusteringSchemaVersion = 1;

    /// <summary>The version of <c>deploy/sql/orleans-persistence.sql</c> this build needs.</summary>
    public const int PersistenceSchemaVersion = 1;

    /// <summary>Fails with what to do when the schema is missing or older than this build needs.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        for (var position = 0; position < Partitions.Count; position++)
        {
            await EnsureComponentAsync(Partitions.All[position], "engagement", SchemaVersion, cancellationToken);
            await ClaimPartitionAsync(position, cancellationToken);
        }

        await EnsureComponentAsync(DataSource, "orleans-clustering", ClusteringSchemaVersion, cancellationToken);
        await EnsureComponentAsync(DataSource, "orleans-persistence", PersistenceSchemaVersion, cancellationToken);
    }

    // The first silo to start writes each database's place in the list; a silo configured with another list (or
    // order) would look for individuals in the wrong database, so it refuses to start instead.
    private async Task ClaimPartitionAsync(int position, CancellationToken cancellationToken)
    {
        await using var command = Partitions.All[position].CreateCommand("""
            WITH claim AS (INSERT INTO eg_partition (position, partitions) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING position, partitions)
            SELECT position, partitions FROM claim UNION ALL SELECT position, partitions FROM eg_partition
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = position });
        command.Parameters.Add(new NpgsqlParameter { Value = Partitions.Count });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (await reader.ReadAsync(cancellationToken) && (reader.GetInt32(0), reader.GetInt32(1)) is var (held, of) && (held, of) != (position, Partitions.Count))
        {
            throw new InvalidOperationException(
                $"The database configured as log partition {position} of {Partitions.Count} ({Describe(Partitions.All[position])}) holds partition {held} of {of}. " +
                "Every silo must name the same databases in the same order (EngagementGrains__Postgres__ConnectionString, then LogPartitions__0, __1, …), and the list cannot change once a cluster has stored events.");
        }
    }

    private static string Describe(NpgsqlDataSource source)
    {
        var connection = new NpgsqlConnectionStringBuilder(source.ConnectionString);
        return $"Host={connection.Host};Port={connection.Port};Database={connection.Database}";
    }

    private static async Task EnsureComponentAsync(NpgsqlDataSource source, string component, int expected, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand("SELECT version FROM eg_schema WHERE component = $1");
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
        "VACUUM (INDEX_CLEANUP ON) eg_events, eg_event_counts, eg_grain_state, eg_wakeups, eg_segment_members, eg_segment_changes, orleansstorage";

    /// <summary>Vacuums what an erasure touched, so no dead row version of the person remains.</summary>
    public async Task ScrubAsync(CancellationToken cancellationToken = default)
    {
        foreach (var partition in Partitions.All)
        {
            await using var command = partition.CreateCommand(ScrubSql);
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    // A silo that cannot reach one partition cannot serve a share of its individuals: it counts as cut off.
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        for (var position = 0; position < Partitions.Probes.Count; position++)
        {
            try
            {
                await using var command = Partitions.Probes[position].CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
            }
            catch (Exception error) when (error is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
            {
                // Connections pooled before an outage are broken by it, and each would fail one caller once the
                // server is back (a partition test saw those 503s): a failed ping drops the idle ones.
                Partitions.All[position].Clear();
                Partitions.Probes[position].Clear();
                throw;
            }
        }
    }

    public async Task<int> EndSessionsAsync(string sessionName, CancellationToken cancellationToken = default)
    {
        var ended = 0;
        foreach (var partition in Partitions.All)
        {
            // The same role may end its own sessions; an operator who gives silos different roles grants pg_signal_backend.
            await using var command = partition.CreateCommand(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()");
            command.Parameters.Add(new NpgsqlParameter { Value = sessionName });
            ended += Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        return ended;
    }

    public ValueTask DisposeAsync() => Partitions.DisposeAsync();
}
