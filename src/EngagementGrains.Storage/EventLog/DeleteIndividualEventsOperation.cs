using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Storage.EventLog;

/// <summary>Removes every event and the wake-up row of one individual (merged away or erased).</summary>
internal sealed class DeleteIndividualEventsOperation(string individualId) : WriteOperation<int>
{
    protected override int Run(WriterSession session)
    {
        var events = session.Command("DELETE FROM events WHERE individual_id = $individual", "$individual");
        events.Parameters[0].Value = individualId;
        var deleted = events.ExecuteNonQuery();
        var wakeup = session.Command("DELETE FROM wakeups WHERE individual_id = $individual", "$individual");
        wakeup.Parameters[0].Value = individualId;
        wakeup.ExecuteNonQuery();
        return deleted;
    }
}
