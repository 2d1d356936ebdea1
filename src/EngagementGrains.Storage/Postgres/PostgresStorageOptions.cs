namespace EngagementGrains.Storage.Postgres;

/// <summary>Options of the PostgreSQL store (section <c>EngagementGrains:Postgres</c>; <c>--postgres</c> sets the connection string).</summary>
public sealed class PostgresStorageOptions
{
    public const string SectionName = "EngagementGrains:Postgres";

    /// <summary>An Npgsql connection string, e.g. <c>Host=db;Username=eg;Password=…;Database=engagement</c>.</summary>
    public string ConnectionString { get; set; } = "";
}
