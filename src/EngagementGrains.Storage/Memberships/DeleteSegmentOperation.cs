using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Storage.Memberships;

/// <summary>Removes every member and feed entry of a deleted segment.</summary>
internal sealed class DeleteSegmentOperation(string segment) : WriteOperation<bool>
{
    protected override bool Run(WriterSession session)
    {
        var members = session.Command("DELETE FROM segment_members WHERE segment = $segment", "$segment");
        members.Parameters[0].Value = segment;
        members.ExecuteNonQuery();
        var feed = session.Command("DELETE FROM segment_changes WHERE segment = $segment", "$segment");
        feed.Parameters[0].Value = segment;
        feed.ExecuteNonQuery();
        return true;
    }
}
