using System.Threading.Channels;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Storage.EventLog;
using EngagementGrains.Storage.Wakeups;
using Npgsql;
using NpgsqlTypes;

namespace EngagementGrains.Storage.Postgres;

/// <summary>
/// Group commit for the event log in PostgreSQL: appends that queue while a commit is under way are
/// written together, in one statement and one transaction, by one of a few writers of the individual's partition.
/// An individual always goes to the same writer, so its appends stay in order; each caller hears back only after
/// the commit.
/// </summary>
public sealed class PostgresAppendWriter : IAsyncDisposable
{
    // The rows and each individual's count in one statement; counters are taken in id order, so two writers
    // whose commits share individuals (two copies of one, briefly) cannot wait on each other in a circle. The new
    // counts come back as rows without an event id: a caller checks its copy against the log with no further call.
    private const string InsertSql = $"""
        WITH inserted AS (
            INSERT INTO eg_events (individual_id, event_id, occurred_at, type, body)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[]) AS n (i, e, o, t, b)
            WHERE NOT EXISTS (SELECT 1 FROM eg_events x WHERE x.individual_id = n.i AND x.event_id = n.e)
            ON CONFLICT ON CONSTRAINT eg_events_once DO NOTHING
            RETURNING individual_id, event_id, seq),
        {PostgresEventCounts.CountInsertedSql}
        SELECT individual_id, event_id, seq FROM inserted
        UNION ALL SELECT individual_id, NULL, events FROM counted
        """;

    private const string WakeupSql = """
        INSERT INTO eg_wakeups (individual_id, shard, due_at)
        SELECT * FROM unnest($1::text[], $2::integer[], $3::bigint[])
        ON CONFLICT (individual_id) DO UPDATE SET shard = excluded.shard, due_at = excluded.due_at
        """;

    /// <summary>The most events one commit takes; more wait for the next.</summary>
    public const int MaxEventsPerCommit = 5000;

    private readonly PostgresPartitions _partitions;
    private readonly IWakeupSchedule _schedule;
    private readonly int _writersPerPartition;
    private readonly Channel<Append>[] _queues;
    private readonly Task[] _writers;

    public PostgresAppendWriter(PostgresDatabase database, IWakeupSchedule schedule, int writers)
    {
        _partitions = database.Partitions;
        _schedule = schedule;
        _writersPerPartition = writers;

        // Writers 0..n-1 commit to partition 0, n..2n-1 to partition 1, and so on.
        _queues = Enumerable.Range(0, writers * _partitions.Count).Select(_ => Channel.CreateUnbounded<Append>(new UnboundedChannelOptions { SingleReader = true })).ToArray();
        _writers = _queues.Select((queue, i) => Task.Run(() => WriteAsync(_partitions.All[i / writers], queue.Reader))).ToArray();
    }

    public Task<AppendedEvents> AppendAsync(string individualId, IReadOnlyList<EngagementEvent> events, DateTimeOffset? wakeAt)
    {
        var append = new Append(individualId, events, events.Select(EventBodyCodec.Encode).ToArray(), wakeAt);
        var partition = PostgresPartitions.PositionOf(individualId, _partitions.Count);
        var writer = (int)((uint)StringComparer.Ordinal.GetHashCode(individualId) % (uint)_writersPerPartition);
        var queue = _queues[(partition * _writersPerPartition) + writer];
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(append), this);

        return append.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _queues)
        {
            queue.Writer.TryComplete();
        }

        await Task.WhenAll(_writers);
    }

    private Task WriteAsync(NpgsqlDataSource partition, ChannelReader<Append> reader) =>
        GroupCommitLoop.RunAsync(reader, MaxEventsPerCommit, append => append.Events.Count, batch => CommitAndAnswerAsync(partition, batch));

    private async Task CommitAndAnswerAsync(NpgsqlDataSource partition, List<Append> batch)
    {
        try
        {
            var (inserted, counts) = await CommitAsync(partition, batch);
            foreach (var append in batch)
            {
                append.Completion.TrySetResult(new AppendedEvents(SequencesOf(append, inserted), counts.TryGetValue(append.IndividualId, out var count) ? count : null));
            }
        }
        catch (Exception error)
        {
            foreach (var append in batch)
            {
                append.Completion.TrySetException(error);
            }
        }
    }

    private async Task<(Dictionary<(string, string), long> Inserted, Dictionary<string, long> Counts)> CommitAsync(NpgsqlDataSource partition, List<Append> batch)
    {
        var count = batch.Sum(a => a.Events.Count);
        var (individuals, ids, times, types, bodies) = (new string[count], new string[count], new long[count], new string[count], new string[count]);
        var at = 0;
        foreach (var append in batch)
        {
            for (var i = 0; i < append.Events.Count; i++, at++)
            {
                var e = append.Events[i];
                (individuals[at], ids[at], times[at], types[at], bodies[at]) =
                    (append.IndividualId, e.EventId, e.OccurredAt.ToUnixTimeMilliseconds(), e.Type, append.Bodies[i]);
            }
        }

        await using var connection = await partition.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var inserted = new Dictionary<(string, string), long>(count);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var insert = new NpgsqlCommand(InsertSql, connection, transaction))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = individuals, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = times, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            insert.Parameters.Add(new NpgsqlParameter { Value = types, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            insert.Parameters.Add(new NpgsqlParameter { Value = bodies, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using var reader = await insert.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (reader.IsDBNull(1))
                {
                    counts[reader.GetString(0)] = reader.GetInt64(2);
                }
                else
                {
                    inserted[(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
                }
            }
        }

        // In the same transaction: an acknowledged event is never without the wake-up its window needs.
        var wakeups = batch.Where(a => a.WakeAt is not null)
            .GroupBy(a => a.IndividualId, StringComparer.Ordinal)
            .Select(g => g.Last())
            .ToArray();
        if (wakeups.Length > 0)
        {
            await using var upsert = new NpgsqlCommand(WakeupSql, connection, transaction);
            upsert.Parameters.Add(new NpgsqlParameter { Value = wakeups.Select(w => w.IndividualId).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            upsert.Parameters.Add(new NpgsqlParameter { Value = wakeups.Select(w => _schedule.ShardOf(w.IndividualId)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            upsert.Parameters.Add(new NpgsqlParameter { Value = wakeups.Select(w => w.WakeAt!.Value.ToUnixTimeMilliseconds()).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            await upsert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        return (inserted, counts);
    }

    // A repeated eventId within one append is stored once, for its first occurrence.
    private static long?[] SequencesOf(Append append, Dictionary<(string, string), long> inserted)
    {
        var sequences = new long?[append.Events.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < append.Events.Count; i++)
        {
            if (seen.Add(append.Events[i].EventId) && inserted.TryGetValue((append.IndividualId, append.Events[i].EventId), out var sequence))
            {
                sequences[i] = sequence;
            }
        }

        return sequences;
    }

    private sealed class Append(string individualId, IReadOnlyList<EngagementEvent> events, string[] bodies, DateTimeOffset? wakeAt)
    {
        public string IndividualId { get; } = individualId;

        public IReadOnlyList<EngagementEvent> Events { get; } = events;

        public string[] Bodies { get; } = bodies;

        public DateTimeOffset? WakeAt { get; } = wakeAt;

        public TaskCompletionSource<AppendedEvents> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
