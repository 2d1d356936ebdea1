using System.IO.Hashing;
using System.Text;
using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Storage.Wakeups;

/// <summary>The wake-up schedule in the embedded database.</summary>
public sealed class SqliteWakeupSchedule(SqliteDatabase database) : IWakeupSchedule
{
    public const int DefaultShardCount = 4;

    public int ShardCount => DefaultShardCount;

    public int ShardOf(string individualId) => ShardOf(individualId, ShardCount);

    public static int ShardOf(string individualId, int shardCount) =>
        (int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(individualId)) % (uint)shardCount);

    public Task SetAsync(string individualId, DateTimeOffset? dueAt) =>
        database.WriteAsync(new SetWakeupOperation(individualId, ShardOf(individualId), dueAt?.ToUnixTimeMilliseconds()));

    public async Task<IReadOnlyList<string>> DueAsync(int shard, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT individual_id FROM wakeups WHERE shard = $shard AND due_at <= $now ORDER BY due_at LIMIT $limit";
        command.Parameters.AddWithValue("$shard", shard);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$limit", limit);
        var due = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add(reader.GetString(0));
        }

        return due;
    }

    public async Task<DateTimeOffset?> NextDueAfterAsync(int shard, DateTimeOffset after, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT min(due_at) FROM wakeups WHERE shard = $shard AND due_at > $after";
        command.Parameters.AddWithValue("$shard", shard);
        command.Parameters.AddWithValue("$after", after.ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync(cancellationToken) is long next ? DateTimeOffset.FromUnixTimeMilliseconds(next) : null;
    }
}
