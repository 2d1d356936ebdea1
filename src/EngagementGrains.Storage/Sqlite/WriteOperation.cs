using Microsoft.Data.Sqlite;

namespace EngagementGrains.Storage.Sqlite;

/// <summary>One unit of work for the group-commit writer: runs inside a shared transaction.</summary>
internal abstract class WriteOperation
{
    /// <summary>Runs the statements; an exception fails this operation alone, not the batch.</summary>
    public abstract void Execute(WriterSession session);

    /// <summary>Runs on the writer's connection after the commit, outside any transaction (a checkpoint); an exception fails this operation.</summary>
    public virtual void AfterCommit(SqliteConnection connection)
    {
    }

    /// <summary>Called after the transaction that holds this operation is durable.</summary>
    public abstract void Complete();

    public abstract void Fail(Exception error);
}

/// <summary>A write operation with a result, delivered once its transaction has committed.</summary>
internal abstract class WriteOperation<T> : WriteOperation
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;

    public Task<T> Task => _completion.Task;

    public sealed override void Execute(WriterSession session) => _result = Run(session);

    public sealed override void Complete() => _completion.TrySetResult(_result!);

    public sealed override void Fail(Exception error) => _completion.TrySetException(error);

    protected void SetResult(T value) => _result = value;

    protected abstract T Run(WriterSession session);
}
