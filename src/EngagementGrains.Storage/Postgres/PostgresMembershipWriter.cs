using System.Threading.Channels;
using EngagementGrains.Core.Segments;
using Npgsql;

namespace EngagementGrains.Storage.Postgres;

/// <summary>
/// Group commit for membership changes in PostgreSQL: the changes of every individual that queued while a commit
/// was under way are written together, in one transaction under one take of the feed lock, and sent in one round
/// trip. Each caller hears back, with the segments whose feed it appended to, only after the commit.
/// </summary>
/// <remarks>
/// The feed lock serializes every silo's feed writers (so sequences become visible in order), and each holds it
/// through its commit's flush to disk: one transaction per individual made the cluster's membership changes
/// wait on one flush each.
/// </remarks>
internal sealed class PostgresMembershipWriter : IAsyncDisposable
{
    /// <summary>Takes the advisory lock every transaction appending to a feed takes first (parameter: <see cref="FeedLock"/>).</summary>
    public const string LockFeedSql = "SELECT pg_advisory_xact_lock($1)";

    /// <summary>The feed lock's key.</summary>
    public const long FeedLock = 0x4547_4645_4544; // "EGFEED"

    /// <summary>The most changes one commit takes; more wait for the next.</summary>
    public const int MaxChangesPerCommit = 2000;

    // The feed row and its notification ride in the membership row's statement, and only when that row changed:
    // an enter for a member, or an exit for a non-member, records nothing. PostgreSQL folds repeated notifications
    // of one segment within a transaction into one and sends none if the transaction rolls back.
    private const string EnterSql = $"""
        WITH member AS (
            INSERT INTO eg_segment_members (segment, individual_id, since) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING RETURNING segment),
        feed AS (
            INSERT INTO eg_segment_changes (segment, individual_id, entered, at) SELECT segment, $2, true, $3 FROM member
            RETURNING segment)
        SELECT pg_notify('{PostgresFeedListener.Channel}', segment) FROM feed
        """;

    /// <summary>An exit (segment, individual, at): removes the member row and, only if there was one, appends and announces the feed row.</summary>
    public const string ExitSql = $"""
        WITH member AS (
            DELETE FROM eg_segment_members WHERE segment = $1 AND individual_id = $2 RETURNING segment),
        feed AS (
            INSERT INTO eg_segment_changes (segment, individual_id, entered, at) SELECT segment, $2, false, $3 FROM member
            RETURNING segment)
        SELECT pg_notify('{PostgresFeedListener.Channel}', segment) FROM feed
        """;

    private readonly NpgsqlDataSource _source;
    private readonly Channel<Apply> _queue = Channel.CreateUnbounded<Apply>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public PostgresMembershipWriter(NpgsqlDataSource source)
    {
        _source = source;
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>Writes one individual's changes; answers the segments whose feed it appended to.</summary>
    public Task<IReadOnlyList<string>> ApplyAsync(string individualId, IReadOnlyList<MembershipChange> changes)
    {
        var apply = new Apply(individualId, changes);
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(apply), this);
        return apply.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private Task WriteAsync() =>
        GroupCommitLoop.RunAsync(_queue.Reader, MaxChangesPerCommit, apply => apply.Changes.Count, CommitAndAnswerAsync);

    private async Task CommitAndAnswerAsync(List<Apply> batch)
    {
        try
        {
            var recorded = await CommitAsync(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(recorded[i]);
            }
        }
        catch (PostgresException) when (batch.Count > 1)
        {
            // One individual's change the server refuses must not fail the others it was committed with. Not
            // for a lost server: retrying each alone would make the last caller wait out every connect timeout.
            foreach (var apply in batch)
            {
                await CommitAloneAsync(apply);
            }
        }
        catch (Exception error)
        {
            foreach (var apply in batch)
            {
                apply.Completion.TrySetException(error);
            }
        }
    }

    private async Task CommitAloneAsync(Apply apply)
    {
        try
        {
            apply.Completion.TrySetResult((await CommitAsync([apply]))[0]);
        }
        catch (Exception error)
        {
            apply.Completion.TrySetException(error);
        }
    }

    private async Task<List<string>[]> CommitAsync(List<Apply> batch)
    {
        await using var connection = await _source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var statements = new NpgsqlBatch(connection, transaction);
        statements.BatchCommands.Add(new NpgsqlBatchCommand(LockFeedSql) { Parameters = { new() { Value = FeedLock } } });
        foreach (var apply in batch)
        {
            foreach (var change in apply.Changes)
            {
                statements.BatchCommands.Add(new NpgsqlBatchCommand(change.Entered ? EnterSql : ExitSql)
                {
                    Parameters = { new() { Value = change.Segment }, new() { Value = apply.IndividualId }, new() { Value = change.At.ToUnixTimeMilliseconds() } },
                });
            }
        }

        var recorded = new List<string>[batch.Count];
        await using (var reader = await statements.ExecuteReaderAsync())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                recorded[i] = [];
                foreach (var change in batch[i].Changes)
                {
                    await reader.NextResultAsync();
                    if (await reader.ReadAsync())
                    {
                        recorded[i].Add(change.Segment);
                    }
                }
            }
        }

        await transaction.CommitAsync();
        return recorded;
    }

    private sealed class Apply(string individualId, IReadOnlyList<MembershipChange> changes)
    {
        public string IndividualId { get; } = individualId;

        public IReadOnlyList<MembershipChange> Changes { get; } = changes;

        public TaskCompletionSource<IReadOnlyList<string>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
