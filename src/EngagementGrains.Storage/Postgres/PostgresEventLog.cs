using System.Globalization;
using System.Text;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Storage.EventLog;
using EngagementGrains.Storage.Wakeups;
using Npgsql;
using NpgsqlTypes;
using EngagementGrains.Storage.Tracing;

namespace EngagementGrains.Storage.Postgres;

/// <summary>
/// The event log in PostgreSQL, shared by every silo; appends are group-committed by <see cref="PostgresAppendWriter"/>.
/// An individual's rows are all in its partition; questions about the whole log ask every partition.
/// </summary>
public sealed class PostgresEventLog(PostgresDatabase database, PostgresAppendWriter writer) : IEventLog
{
    public bool IsShared => true;

    public async Task<long?[]> AppendAsync(string individualId, IReadOnlyList<EngagementEvent> events, DateTimeOffset? wakeAt = null) =>
        (await AppendCountedAsync(individualId, events, wakeAt)).Sequences;

    public Task<AppendedEvents> AppendCountedAsync(string individualId, IReadOnlyList<EngagementEvent> events, DateTimeOffset? wakeAt = null) =>
        StorageActivities.TraceAsync(StorageActivities.AppendName, "postgresql", individualId, events.Count, () => writer.AppendAsync(individualId, events, wakeAt));

    public Task<long?[]> CopyAsync(string individualId, string fromIndividualId, IReadOnlyList<StoredEvent> events) =>
        StorageActivities.TraceAsync(StorageActivities.CopyName, "postgresql", individualId, events.Count, () => CopyEventsAsync(individualId, fromIndividualId, events));

    private async Task<long?[]> CopyEventsAsync(string individualId, string fromIndividualId, IReadOnlyList<StoredEvent> events)
    {
        if (events.Count == 0)
        {
            return [];
        }

        var origins = events.Select(e => e.Origin is { Length: > 0 } origin ? origin : fromIndividualId).ToArray();
        await using var command = database.Partitions.Of(individualId).CreateCommand($"""
            WITH inserted AS (
                INSERT INTO eg_events (individual_id, event_id, occurred_at, type, body, origin)
                SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[])
                ON CONFLICT ON CONSTRAINT eg_events_once DO NOTHING
                RETURNING individual_id, event_id, origin, seq),
            {PostgresEventCounts.CountInsertedSql}
            SELECT event_id, origin, seq FROM inserted
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = individualId });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Event.EventId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Event.OccurredAt.ToUnixTimeMilliseconds()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => e.Event.Type).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = events.Select(e => EventBodyCodec.Encode(e.Event)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = origins, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        var inserted = new Dictionary<(string, string), long>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                inserted[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
            }
        }

        return events.Select((e, i) => inserted.TryGetValue((e.Event.EventId, origins[i]), out var seq) ? seq : (long?)null).ToArray();
    }

    public async Task<IReadOnlyList<StoredEvent>> ReadAfterAsync(string individualId, long afterSequence, CancellationToken cancellationToken = default)
    {
        await using var command = database.Partitions.Of(individualId).CreateCommand(
            "SELECT seq, event_id, occurred_at, type, body, origin FROM eg_events WHERE individual_id = $1 AND seq > $2 ORDER BY seq");
        command.Parameters.Add(new NpgsqlParameter { Value = individualId });
        command.Parameters.Add(new NpgsqlParameter { Value = afterSequence });
        return await StoredEventRows.ReadAllAsync(command, int.MaxValue, cancellationToken);
    }

    // Partition by partition, each in its own id order (its index's): the partition of the last id listed is
    // where the next page goes on, so the cursor stays one id and no order has to agree across databases.
    public async Task<IReadOnlyList<string>> ListIndividualsAsync(string afterId, int limit, CancellationToken cancellationToken = default)
    {
        var partitions = database.Partitions;
        var position = afterId.Length == 0 ? 0 : PostgresPartitions.PositionOf(afterId, partitions.Count);
        var ids = new List<string>(limit);
        for (; position < partitions.Count && ids.Count < limit; position++, afterId = "")
        {
            await using var command = partitions.All[position].CreateCommand(
                "SELECT DISTINCT individual_id FROM eg_events WHERE individual_id > $1 ORDER BY individual_id LIMIT $2");
            command.Parameters.Add(new NpgsqlParameter { Value = afterId });
            command.Parameters.Add(new NpgsqlParameter { Value = limit - ids.Count });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        return ids;
    }

    public async Task<long> CountUpToAsync(string individualId, long sequence, CancellationToken cancellationToken = default)
    {
        await using var command = database.Partitions.Of(individualId).CreateCommand("SELECT count(*) FROM eg_events WHERE individual_id = $1 AND seq <= $2");
        command.Parameters.Add(new NpgsqlParameter { Value = individualId });
        command.Parameters.Add(new NpgsqlParameter { Value = sequence });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<long?> CountAsync(string individualId, CancellationToken cancellationToken = default)
    {
        await using var command = database.Partitions.Of(individualId).CreateCommand("SELECT events FROM eg_event_counts WHERE individual_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = individualId });
        return await command.ExecuteScalarAsync(cancellationToken) as long? ?? 0;
    }

    // One batch, one implicit transaction: the counter goes with the rows.
    public async Task<int> DeleteIndividualAsync(string individualId)
    {
        await using var batch = database.Partitions.Of(individualId).CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM eg_events WHERE individual_id = $1") { Parameters = { new() { Value = individualId } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM eg_wakeups WHERE individual_id = $1") { Parameters = { new() { Value = individualId } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM eg_event_counts WHERE individual_id = $1") { Parameters = { new() { Value = individualId } } });
        await batch.ExecuteNonQueryAsync();
        return batch.BatchCommands[0].RecordsAffected;
    }

    public async Task<int> DeleteEventsAsync(string individualId, IReadOnlyList<long> sequences)
    {
        if (sequences.Count == 0)
        {
            return 0;
        }

        await using var command = database.Partitions.Of(individualId).CreateCommand("""
            WITH deleted AS (DELETE FROM eg_events WHERE individual_id = $1 AND seq = ANY($2) RETURNING 1),
            gone AS (SELECT count(*) AS n FROM deleted),
            counted AS (UPDATE eg_event_counts SET events = events - gone.n FROM gone WHERE individual_id = $1)
            SELECT n FROM gone
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = individualId });
        command.Parameters.Add(new NpgsqlParameter { Value = sequences.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public Task<long> CountEventsAsync(CancellationToken cancellationToken = default) =>
        ScalarAsync("SELECT count(*) FROM eg_events", cancellationToken);

    public Task<long> CountIndividualsAsync(CancellationToken cancellationToken = default) =>
        ScalarAsync("SELECT count(DISTINCT individual_id) FROM eg_events", cancellationToken);

    public async Task<TimelinePage> ReadTimelineAsync(string individualId, TimelineQuery query, CancellationToken cancellationToken = default)
    {
        await using var command = database.Partitions.Of(individualId).CreateCommand();
        var sql = new StringBuilder("SELECT seq, event_id, occurred_at, type, body FROM eg_events WHERE individual_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = individualId });
        if (query.Types is { Count: > 0 } types)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = types.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            sql.Append(CultureInfo.InvariantCulture, $" AND type = ANY(${command.Parameters.Count})");
        }

        if (query.From is { } from)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = from.ToUnixTimeMilliseconds() });
            sql.Append(CultureInfo.InvariantCulture, $" AND occurred_at >= ${command.Parameters.Count}");
        }

        if (query.To is { } to)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = to.ToUnixTimeMilliseconds() });
            sql.Append(CultureInfo.InvariantCulture, $" AND occurred_at < ${command.Parameters.Count}");
        }

        if (query.After is { } after)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = after.OccurredAtMs });
            command.Parameters.Add(new NpgsqlParameter { Value = after.Sequence });
            sql.Append(CultureInfo.InvariantCulture, $" AND (occurred_at, seq) < (${command.Parameters.Count - 1}, ${command.Parameters.Count})");
        }

        command.Parameters.Add(new NpgsqlParameter { Value = query.Limit + 1 });
        sql.Append(CultureInfo.InvariantCulture, $" ORDER BY occurred_at DESC, seq DESC LIMIT ${command.Parameters.Count}");
        command.CommandText = sql.ToString();
        return StoredEventRows.ToPage(await StoredEventRows.ReadAllAsync(command, query.Limit + 1, cancellationToken), query.Limit);
    }

    // An individual is in one partition only, so counts of individuals add up as counts of events do.
    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        long total = 0;
        foreach (var partition in database.Partitions.All)
        {
            await using var command = partition.CreateCommand(sql);
            total += (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        return total;
    }
}
