using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Storage.EventLog;

/// <summary>Removes some of one individual's events by sequence (a split moved them to another individual).</summary>
internal sealed class DeleteEventsOperation(string individualId, IReadOnlyList<long> sequences) : WriteOperation<int>
{
    protected override int Run(WriterSession session)
    {
        var command = session.Command("DELETE FROM events WHERE individual_id = $individual AND seq = $seq", "$individual", "$seq");
        var deleted = 0;
        foreach (var sequence in sequences)
        {
            command.Parameters[0].Value = individualId;
            command.Parameters[1].Value = sequence;
            deleted += command.ExecuteNonQuery();
        }

        return deleted;
    }
}
