using Microsoft.Data.Sqlite;

namespace EngagementGrains.Storage.Sqlite;

/// <summary>Creates the embedded schema, and refuses a database written by a newer version.</summary>
internal static class SqliteSchema
{
    // The log is append-only; (individual_id, event_id) unique makes a repeated eventId a no-op,
    // and its index also serves each individual's replay and timeline reads, so no other index is kept.
    private const string Script = """
        CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS events (
            seq INTEGER PRIMARY KEY,
            individual_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            occurred_at INTEGER NOT NULL,
            type TEXT NOT NULL,
            body TEXT NOT NULL,
            UNIQUE (individual_id, event_id));
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_id TEXT NOT NULL,
            state_name TEXT NOT NULL,
            etag INTEGER NOT NULL,
            body BLOB NOT NULL,
            PRIMARY KEY (grain_id, state_name)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS wakeups (
            individual_id TEXT NOT NULL PRIMARY KEY,
            shard INTEGER NOT NULL,
            due_at INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS wakeups_due ON wakeups (shard, due_at);
        CREATE TABLE IF NOT EXISTS segment_members (
            segment TEXT NOT NULL,
            individual_id TEXT NOT NULL,
            since INTEGER NOT NULL,
            PRIMARY KEY (segment, individual_id)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS segment_changes (
            seq INTEGER PRIMARY KEY,
            segment TEXT NOT NULL,
            individual_id TEXT NOT NULL,
            entered INTEGER NOT NULL,
            at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS segment_changes_by_segment ON segment_changes (segment, seq);
        """;

    public static void Apply(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = Script;
            create.ExecuteNonQuery();
        }

        using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "SELECT max(version) FROM schema_version";
        var current = version.ExecuteScalar() as long?;
        if (current > SqliteDatabase.SchemaVersion)
        {
            throw new InvalidOperationException(
                $"The database was written by a newer EngagementGrains (schema {current}; this build knows {SqliteDatabase.SchemaVersion}).");
        }

        if (current is null)
        {
            version.CommandText = $"INSERT INTO schema_version (version) VALUES ({SqliteDatabase.SchemaVersion})";
            version.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}
