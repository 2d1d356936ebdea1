using System.Text;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Storage.Sqlite;
using EngagementGrains.Storage.Wakeups;
using Microsoft.Data.Sqlite;
using EngagementGrains.Storage.Tracing;

namespace EngagementGrains.Storage.EventLog;

/// <summary>The event log in the embedded SQLite database.</summary>
public sealed class SqliteEventLog(SqliteDatabase database) : IEventLog
{
    public bool IsShared => false;

    // One process owns the embedded log: no other copy can append, so nothing checks a count.
    public async Task<AppendedEvents> AppendCountedAsync(string individualId, IReadOnlyList<EngagementEvent> events, DateTimeOffset? wakeAt = null) =>
        new(await AppendAsync(individualId, events, wakeAt), null);

    public Task<long?[]> AppendAsync(string individualId, IReadOnlyList<EngagementEvent> events, DateTimeOffset? wakeAt = null) =>
        StorageActivities.TraceAsync(StorageActivities.AppendName, "sqlite", individualId, events.Count, () => database.WriteAsync(new AppendEventsOperation(individualId, events,
            wakeAt is { } due ? new SetWakeupOperation(individualId, SqliteWakeupSchedule.ShardOf(individualId, SqliteWakeupSchedule.DefaultShardCount), due.ToUnixTimeMilliseconds()) : null)));

    public Task<long?[]> CopyAsync(string individualId, string fromIndividualId, IReadOnlyList<StoredEvent> events) =>
        StorageActivities.TraceAsync(StorageActivities.CopyName, "sqlite", individualId, events.Count,
            () => database.WriteAsync(new CopyEventsOperation(individualId, fromIndividualId, events)));

    public async Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(string individualId, long afterSequence, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT seq, event_id, occurred_at, type, body, origin FROM events
            WHERE individual_id = $individual AND seq > $after ORDER BY seq
            """;
        command.Parameters.AddWithValue("$individual", individualId);
        command.Parameters.AddWithValue("$after", afterSequence);
        return await StoredEventRows.ReadAllAsync(command, int.MaxValue, cancellationToken);
    }

    public async Task<IReadOnlyList<string>> ListIndividualsAsync(string afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT DISTINCT individual_id FROM events WHERE individual_id > $after ORDER BY individual_id LIMIT $limit";
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$limit", limit);
        var ids = new List<string>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    // One process, one copy of each individual: nothing asks how many rows another copy wrote.
    public Task<long?> CountAsync(string individualId, CancellationToken cancellationToken = default) => Task.FromResult<long?>(null);

    public async Task<long> CountUpToAsync(string individualId, long sequence, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM events WHERE individual_id = $individual AND seq <= $sequence";
        command.Parameters.AddWithValue("$individual", individualId);
        command.Parameters.AddWithValue("$sequence", sequence);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public Task<int> DeleteIndividualAsync(string individualId) => database.WriteAsync(new DeleteIndividualEventsOperation(individualId));

    public Task<int> DeleteEventsAsync(string individualId, IReadOnlyList<long> sequences) =>
        sequences.Count == 0 ? Task.FromResult(0) : database.WriteAsync(new DeleteEventsOperation(individualId, sequences));

    public async Task<long> CountEventsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM events";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long> CountIndividualsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(DISTINCT individual_id) FROM events";
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<TimelinePage> ReadTimelineAsync(string individualId, TimelineQuery query, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenReadAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT seq, event_id, occurred_at, type, body FROM events WHERE individual_id = $individual");
        command.Parameters.AddWithValue("$individual", individualId);
        if (query.Types is { Count: > 0 } types)
        {
            sql.Append(" AND type IN (");
            for (var i = 0; i < types.Count; i++)
            {
                sql.Append(i == 0 ? "$t0" : $", $t{i}");
                command.Parameters.AddWithValue($"$t{i}", types[i]);
            }

            sql.Append(')');
        }

        if (query.From is { } from)
        {
            sql.Append(" AND occurred_at >= $from");
            command.Parameters.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        }

        if (query.To is { } to)
        {
            sql.Append(" AND occurred_at < $to");
            command.Parameters.AddWithValue("$to", to.ToUnixTimeMilliseconds());
        }

        if (query.After is { } after)
        {
            sql.Append(" AND (occurred_at, seq) < ($afterTime, $afterSeq)");
            command.Parameters.AddWithValue("$afterTime", after.OccurredAtMs);
            command.Parameters.AddWithValue("$afterSeq", after.Sequence);
        }

        sql.Append(" ORDER BY occurred_at DESC, seq DESC LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit + 1);
        command.CommandText = sql.ToString();
        return StoredEventRows.ToPage(await StoredEventRows.ReadAllAsync(command, query.Limit + 1, cancellationToken), query.Limit);
    }
}
