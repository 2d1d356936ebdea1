namespace EngagementGrains.Storage.Postgres;

/// <summary>Options of the PostgreSQL store (section <c>EngagementGrains:Postgres</c>; <c>--postgres</c> sets the connection string).</summary>
public sealed class PostgresStorageOptions
{
    public const string SectionName = "EngagementGrains:Postgres";

    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Username=eg;Password=…;Database=engagement</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// Connections one process opens at most, unless the connection string says (<c>Maximum Pool Size</c>):
    /// every silo shares the server's <c>max_connections</c> (100 by default), so each takes a modest share
    /// and calls queue for a connection rather than being refused.
    /// </summary>
    public int MaxConnections { get; set; } = 24;

    /// <summary>
    /// The <c>application_name</c> this process's sessions carry (a silo's name): when the silo dies cut off from
    /// the server, the server keeps its sessions, and their open transactions' locks, until it hears of it; the
    /// other silos end the sessions of that name. Null: the connection string's, or none.
    /// </summary>
    public string? SessionName { get; set; }

    /// <summary>
    /// Statements each connection prepares once it has used them a few times (Npgsql's <c>Max Auto Prepare</c>),
    /// unless the connection string says: the server then plans each of our few statements once per connection
    /// instead of on every call. 0 turns it off (a pooler that cannot keep prepared statements, such as PgBouncer
    /// before 1.21 in transaction mode).
    /// </summary>
    public int PreparedStatements { get; set; } = 32;

    /// <summary>Log writers per process and partition, each committing the appends that queued while it was busy.</summary>
    public int LogWriters { get; set; } = 4;

    /// <summary>
    /// Connection strings of further databases each individual's events, wake-up and snapshot are partitioned over,
    /// beside the main one (<see cref="ConnectionString"/>, partition 0), by a stable hash of the individual's id.
    /// Every silo names the same list in the same order; it is fixed once events are stored (a silo refuses a list
    /// that disagrees with what the databases recorded). Empty: everything in the main database.
    /// </summary>
    public List<string> LogPartitions { get; set; } = [];
}
