using EngagementGrains.Storage.Wakeups;
using Npgsql;

namespace EngagementGrains.Storage.Postgres;

/// <summary>The wake-up schedule in PostgreSQL, sharded as the embedded one is; each row in its individual's partition.</summary>
public sealed class PostgresWakeupSchedule(PostgresDatabase database) : IWakeupSchedule
{
    private const string UpsertSql = """
        INSERT INTO eg_wakeups (individual_id, shard, due_at) VALUES ($1, $2, $3)
        ON CONFLICT (individual_id) DO UPDATE SET shard = excluded.shard, due_at = excluded.due_at
        """;

    public int ShardCount => SqliteWakeupSchedule.DefaultShardCount;

    public int ShardOf(string individualId) => SqliteWakeupSchedule.ShardOf(individualId, ShardCount);

    public async Task SetAsync(string individualId, DateTimeOffset? dueAt)
    {
        if (dueAt is { } due)
        {
            await using var connection = await database.Partitions.Of(individualId).OpenConnectionAsync();
            await UpsertAsync(connection, null, individualId, ShardOf(individualId), due);
            return;
        }

        await using var delete = database.Partitions.Of(individualId).CreateCommand("DELETE FROM eg_wakeups WHERE individual_id = $1");
        delete.Parameters.Add(new NpgsqlParameter { Value = individualId });
        await delete.ExecuteNonQueryAsync();
    }

    // A shard's rows are spread over every partition: the earliest due of each, merged.
    public async Task<IReadOnlyList<string>> DueAsync(int shard, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        var due = new List<(long At, string Id)>();
        foreach (var partition in database.Partitions.All)
        {
            await using var command = partition.CreateCommand(
                "SELECT due_at, individual_id FROM eg_wakeups WHERE shard = $1 AND due_at <= $2 ORDER BY due_at LIMIT $3");
            command.Parameters.Add(new NpgsqlParameter { Value = shard });
            command.Parameters.Add(new NpgsqlParameter { Value = now.ToUnixTimeMilliseconds() });
            command.Parameters.Add(new NpgsqlParameter { Value = limit });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        return due.OrderBy(d => d.At).Take(limit).Select(d => d.Id).ToList();
    }

    public async Task<DateTimeOffset?> NextDueAfterAsync(int shard, DateTimeOffset after, CancellationToken cancellationToken = default)
    {
        long? next = null;
        foreach (var partition in database.Partitions.All)
        {
            await using var command = partition.CreateCommand("SELECT min(due_at) FROM eg_wakeups WHERE shard = $1 AND due_at > $2");
            command.Parameters.Add(new NpgsqlParameter { Value = shard });
            command.Parameters.Add(new NpgsqlParameter { Value = after.ToUnixTimeMilliseconds() });
            if (await command.ExecuteScalarAsync(cancellationToken) is long at && (next is null || at < next))
            {
                next = at;
            }
        }

        return next is { } first ? DateTimeOffset.FromUnixTimeMilliseconds(first) : null;
    }

    internal static async Task UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string individualId, int shard, DateTimeOffset due)
    {
        await using var upsert = new NpgsqlCommand(UpsertSql, connection, transaction);
        upsert.Parameters.Add(new NpgsqlParameter { Value = individualId });
        upsert.Parameters.Add(new NpgsqlParameter { Value = shard });
        upsert.Parameters.Add(new NpgsqlParameter { Value = due.ToUnixTimeMilliseconds() });
        await upsert.ExecuteNonQueryAsync();
    }
}
