using Microsoft.Data.Sqlite;

namespace EngagementGrains.Storage.Sqlite;

/// <summary>
/// Empties the write-ahead log after the batch it rides in has committed. Deleted rows are zeroed in the
/// database file by <c>secure_delete</c>, but the log still holds the pages as they were before the delete
/// until a checkpoint copies the zeroed pages back and the log is truncated.
/// </summary>
internal sealed class ScrubOperation : WriteOperation<bool>
{
    private const int MaxTries = 50;

    protected override bool Run(WriterSession session) => false;

    public override void AfterCommit(SqliteConnection connection)
    {
        for (var attempt = 1; attempt <= MaxTries; attempt++)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            using var reader = command.ExecuteReader();
            // One row: busy (a reader held the log past the busy timeout), frames in the log, frames copied.
            if (reader.Read() && reader.GetInt32(0) == 0)
            {
                SetResult(true);
                return;
            }

            Thread.Sleep(20);
        }

        throw new InvalidOperationException("The write-ahead log could not be emptied: readers kept it in use.");
    }
}
