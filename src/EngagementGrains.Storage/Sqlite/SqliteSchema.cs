using Microsoft.Data.Sqlite;

namespace EngagementGrains.Storage.Sqlite;

/// <summary>Creates the embedded schema, and refuses a database written by a newer version.</summary>
internal static class SqliteSchema
{
    // The log is append-only. (individual_id, event_id, origin) is unique: a merge keeps both people's
    // events under one eventId (each under its origin), and an append checks the (individual_id, event_id)
    // prefix of that index so a repeated eventId is a no-op. The index also serves replay and timeline reads.
    // Feed sequences are AUTOINCREMENT: an erased or deleted row's number is never handed out again.
    private const string Script = """
        CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS events (
            seq INTEGER PRIMARY KEY,
            individual_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            occurred_at INTEGER NOT NULL,
            type TEXT NOT NULL,
            body TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT '',
            UNIQUE (individual_id, event_id, origin));
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
        CREATE INDEX IF NOT EXISTS segment_members_by_individual ON segment_members (individual_id);
        CREATE TABLE IF NOT EXISTS segment_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            segment TEXT NOT NULL,
            individual_id TEXT NOT NULL,
            entered INTEGER NOT NULL,
            at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS segment_changes_by_segment ON segment_changes (segment, seq);
        """;

    // Version 1 had (individual_id, event_id) unique and reusable feed sequences; its rows move over as they are.
    private const string FromVersion1 = """
        ALTER TABLE events RENAME TO events_v1;
        CREATE TABLE events (
            seq INTEGER PRIMARY KEY,
            individual_id TEXT NOT NULL,
            event_id TEXT NOT NULL,
            occurred_at INTEGER NOT NULL,
            type TEXT NOT NULL,
            body TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT '',
            UNIQUE (individual_id, event_id, origin));
        INSERT INTO events (seq, individual_id, event_id, occurred_at, type, body)
            SELECT seq, individual_id, event_id, occurred_at, type, body FROM events_v1;
        DROP TABLE events_v1;
        DROP INDEX IF EXISTS segment_changes_by_segment;
        ALTER TABLE segment_changes RENAME TO segment_changes_v1;
        CREATE TABLE segment_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            segment TEXT NOT NULL,
            individual_id TEXT NOT NULL,
            entered INTEGER NOT NULL,
            at INTEGER NOT NULL);
        INSERT INTO segment_changes SELECT * FROM segment_changes_v1;
        DROP TABLE segment_changes_v1;
        CREATE INDEX segment_changes_by_segment ON segment_changes (segment, seq);
        UPDATE schema_version SET version = 2;
        """;

    public static void Apply(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var version = connection.CreateCommand();
        version.Transaction = transaction;
        version.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'schema_version'";
        if ((long)version.ExecuteScalar()! > 0)
        {
            version.CommandText = "SELECT max(version) FROM schema_version";
            if (version.ExecuteScalar() as long? == 1)
            {
                version.CommandText = FromVersion1;
                version.ExecuteNonQuery();
            }
        }

        using (var create = connection.CreateCommand())
        {
            create.Transaction = transaction;
            create.CommandText = Script;
            create.ExecuteNonQuery();
        }

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
