using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Storage.Wakeups;

/// <summary>Upserts or deletes an individual's wake-up row.</summary>
internal sealed class SetWakeupOperation(string individualId, int shard, long? dueAtMs) : WriteOperation<bool>
{
    private const string UpsertSql = """
        INSERT INTO wakeups (individual_id, shard, due_at) VALUES ($individual, $shard, $due)
        ON CONFLICT (individual_id) DO UPDATE SET shard = excluded.shard, due_at = excluded.due_at
        """;

    private const string DeleteSql = "DELETE FROM wakeups WHERE individual_id = $individual";

    protected override bool Run(WriterSession session)
    {
        if (dueAtMs is not { } due)
        {
            var delete = session.Command(DeleteSql, "$individual");
            delete.Parameters[0].Value = individualId;
            return delete.ExecuteNonQuery() > 0;
        }

        var upsert = session.Command(UpsertSql, "$individual", "$shard", "$due");
        upsert.Parameters[0].Value = individualId;
        upsert.Parameters[1].Value = shard;
        upsert.Parameters[2].Value = due;
        return upsert.ExecuteNonQuery() > 0;
    }
}
