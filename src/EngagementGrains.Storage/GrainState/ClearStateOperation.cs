using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Storage.GrainState;

/// <summary>Deletes a grain's state row.</summary>
internal sealed class ClearStateOperation(string grainId, string stateName) : WriteOperation<bool>
{
    private const string Sql = "DELETE FROM grain_state WHERE grain_id = $grain AND state_name = $state";

    protected override bool Run(WriterSession session)
    {
        var command = session.Command(Sql, "$grain", "$state");
        command.Parameters[0].Value = grainId;
        command.Parameters[1].Value = stateName;
        return command.ExecuteNonQuery() > 0;
    }
}
