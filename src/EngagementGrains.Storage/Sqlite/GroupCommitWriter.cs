using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace EngagementGrains.Storage.Sqlite;

/// <summary>
/// The one writer of the SQLite database: every grain's writes queue here and are committed together,
/// many in one transaction, so one fsync makes a whole batch durable. A caller's task completes only
/// after the commit that holds its operation.
/// </summary>
internal sealed partial class GroupCommitWriter : IAsyncDisposable
{
    // A blocking queue, not a channel: the writer's own thread waits on it, and nothing waits synchronously on a task.
    private readonly BlockingCollection<WriteOperation> _queue = [];
    private readonly SqliteConnection _connection;
    private readonly WriterSession _session;
    private readonly int _maxOperations;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GroupCommitWriter(SqliteConnection connection, int maxOperations, ILogger logger)
    {
        _connection = connection;
        _session = new WriterSession(connection);
        _maxOperations = maxOperations;
        _logger = logger;
        // Its own thread: SQLite's calls block, and a profile can tell the writer's time from the readers'.
        new Thread(Run) { Name = "SQLite writer", IsBackground = true }.Start();
    }

    public Task<T> EnqueueAsync<T>(WriteOperation<T> operation)
    {
        try
        {
            _queue.Add(operation);
        }
        catch (InvalidOperationException)
        {
            // Adding was completed: the store is being disposed.
            operation.Fail(new ObjectDisposedException(nameof(GroupCommitWriter), "The store is shutting down."));
        }

        return operation.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.CompleteAdding();
        // The queue stays undisposed: a late caller must still be told the store is shutting down, not meet a disposed queue.
        await _stopped.Task;
        _session.Dispose();
        await _connection.DisposeAsync();
    }

    private void Run()
    {
        var batch = new List<WriteOperation>(_maxOperations);
        var succeeded = new List<WriteOperation>(_maxOperations);
        try
        {
            // Waits for the first operation, then takes whatever else is queued: a batch is what arrived during the last commit.
            while (_queue.TryTake(out var first, Timeout.Infinite))
            {
                batch.Clear();
                succeeded.Clear();
                batch.Add(first);
                while (batch.Count < _maxOperations && _queue.TryTake(out var operation))
                {
                    batch.Add(operation);
                }

                Commit(batch, succeeded);
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private void Commit(List<WriteOperation> batch, List<WriteOperation> succeeded)
    {
        try
        {
            using var transaction = _connection.BeginTransaction();
            _session.Transaction = transaction;
            foreach (var operation in batch)
            {
                try
                {
                    operation.Execute(_session);
                    succeeded.Add(operation);
                }
                catch (Exception error) when (error is not SqliteException sqlite || !IsFatal(sqlite))
                {
                    // Only this operation fails: an error from its own code must neither stop the writer's thread
                    // (which would end the process) nor hold everyone else's writes.
                    operation.Fail(error);
                }
            }

            transaction.Commit();
        }
        catch (Exception error) when (error is SqliteException or InvalidOperationException)
        {
            LogCommitFailed(_logger, error, batch.Count);
            foreach (var operation in batch)
            {
                operation.Fail(error);
            }

            return;
        }
        finally
        {
            _session.Transaction = null;
        }

        foreach (var operation in succeeded)
        {
            try
            {
                operation.AfterCommit(_connection);
            }
            catch (Exception error)
            {
                operation.Fail(error);
                continue;
            }

            operation.Complete();
        }
    }

    // Errors that leave the transaction unusable (I/O, full disk, corruption) must fail the whole batch.
    private static bool IsFatal(SqliteException error) =>
        error.SqliteErrorCode is 10 /* IOERR */ or 13 /* FULL */ or 11 /* CORRUPT */ or 5 /* BUSY */ or 7 /* NOMEM */;

    [LoggerMessage(Level = LogLevel.Error, Message = "A commit of {Count} write operations failed; each caller gets the error")]
    private static partial void LogCommitFailed(ILogger logger, Exception error, int count);
}
