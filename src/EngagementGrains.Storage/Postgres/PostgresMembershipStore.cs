using EngagementGrains.Core.Segments;
using EngagementGrains.Storage.Memberships;
using Npgsql;
using EngagementGrains.Storage.Tracing;

namespace EngagementGrains.Storage.Postgres;

/// <summary>
/// Segment members and change feeds in PostgreSQL. Feed writers take one advisory lock per transaction,
/// so feed sequences become visible in order and a reader resuming after a sequence never skips a change
/// that committed late; changes are group-committed by <see cref="PostgresMembershipWriter"/>. Each feed row is
/// announced with a <c>NOTIFY</c> in its own transaction, which PostgreSQL delivers to listening gateways only
/// once it commits (<see cref="PostgresFeedListener"/>).
/// </summary>
public sealed class PostgresMembershipStore(PostgresDatabase database, SegmentFeedSignal signal) : IMembershipStore, IAsyncDisposable
{
    private readonly PostgresMembershipWriter _writer = new(database.DataSource);

    public Task ApplyAsync(string individualId, IReadOnlyList<MembershipChange> changes) =>
        StorageActivities.TraceMembershipAsync("postgresql", individualId, changes, () => ApplyChangesAsync(individualId, changes));

    public ValueTask DisposeAsync() => _writer.DisposeAsync();

    private async Task ApplyChangesAsync(string individualId, IReadOnlyList<MembershipChange> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }

        Signal(await _writer.ApplyAsync(individualId, changes));
    }

    // Under the feed lock, so no member row can come or go between the listing and the exits; each exit is the
    // writer's own statement, after the history is gone, so the exits are what stays of the person's feed.
    public async Task<int> ForgetAsync(string individualId, DateTimeOffset at)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var segments = new List<string>();
        await using (var prepare = new NpgsqlBatch(connection, transaction))
        {
            prepare.BatchCommands.Add(new NpgsqlBatchCommand(PostgresMembershipWriter.LockFeedSql) { Parameters = { new() { Value = PostgresMembershipWriter.FeedLock } } });
            prepare.BatchCommands.Add(new NpgsqlBatchCommand("SELECT segment FROM eg_segment_members WHERE individual_id = $1") { Parameters = { new() { Value = individualId } } });
            prepare.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM eg_segment_changes WHERE individual_id = $1") { Parameters = { new() { Value = individualId } } });
            await using var reader = await prepare.ExecuteReaderAsync();
            await reader.NextResultAsync();
            while (await reader.ReadAsync())
            {
                segments.Add(reader.GetString(0));
            }
        }

        if (segments.Count > 0)
        {
            await using var exits = new NpgsqlBatch(connection, transaction);
            foreach (var segment in segments)
            {
                exits.BatchCommands.Add(new NpgsqlBatchCommand(PostgresMembershipWriter.ExitSql)
                {
                    Parameters = { new() { Value = segment }, new() { Value = individualId }, new() { Value = at.ToUnixTimeMilliseconds() } },
                });
            }

            // A segment deleted meanwhile (that takes no feed lock) has no member row left to exit.
            var exited = new List<string>();
            await using (var reader = await exits.ExecuteReaderAsync())
            {
                foreach (var segment in segments)
                {
                    if (await reader.ReadAsync())
                    {
                        exited.Add(segment);
                    }

                    await reader.NextResultAsync();
                }
            }

            segments = exited;
        }

        await transaction.CommitAsync();
        Signal(segments);
        return segments.Count;
    }

    public async Task DeleteSegmentAsync(string segment)
    {
        await using var batch = database.DataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM eg_segment_members WHERE segment = $1") { Parameters = { new() { Value = segment } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM eg_segment_changes WHERE segment = $1") { Parameters = { new() { Value = segment } } });
        await batch.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<MembershipRecord>> ListAsync(string segment, string afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT individual_id, since FROM eg_segment_members WHERE segment = $1 AND individual_id > $2 ORDER BY individual_id LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = segment });
        command.Parameters.Add(new NpgsqlParameter { Value = afterId });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var members = new List<MembershipRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            members.Add(new MembershipRecord(reader.GetString(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))));
        }

        return members;
    }

    public async Task<long> CountAsync(string segment, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT count(*) FROM eg_segment_members WHERE segment = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = segment });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<MembershipRecord?> FindAsync(string segment, string individualId, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT since FROM eg_segment_members WHERE segment = $1 AND individual_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = segment });
        command.Parameters.Add(new NpgsqlParameter { Value = individualId });
        return await command.ExecuteScalarAsync(cancellationToken) is long since
            ? new MembershipRecord(individualId, DateTimeOffset.FromUnixTimeMilliseconds(since))
            : null;
    }

    public async Task<IReadOnlyList<string>> SegmentsOfAsync(string individualId, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand("SELECT segment FROM eg_segment_members WHERE individual_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = individualId });
        var segments = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            segments.Add(reader.GetString(0));
        }

        return segments;
    }

    public async Task<IReadOnlyList<MembershipChangeRecord>> ChangesAsync(string segment, long afterSequence, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT seq, individual_id, entered, at FROM eg_segment_changes WHERE segment = $1 AND seq > $2 ORDER BY seq LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter { Value = segment });
        command.Parameters.Add(new NpgsqlParameter { Value = afterSequence });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var changes = new List<MembershipChangeRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new MembershipChangeRecord(reader.GetInt64(0), reader.GetString(1), reader.GetBoolean(2),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
        }

        return changes;
    }

    // This process's own streams need not wait for the notification's round trip through the server.
    private void Signal(IReadOnlyList<string> segments)
    {
        foreach (var segment in segments)
        {
            signal.Raise(segment);
        }
    }
}
