using EngagementGrains.Core.Segments;
using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Storage.Memberships;

/// <summary>Writes one individual's membership changes and their feed entries in one transaction; answers the segments whose feed it appended to.</summary>
internal sealed class ApplyMembershipOperation(string individualId, IReadOnlyList<MembershipChange> changes) : WriteOperation<IReadOnlyList<string>>
{
    private const string EnterSql = """
        INSERT INTO segment_members (segment, individual_id, since) VALUES ($segment, $individual, $at)
        ON CONFLICT (segment, individual_id) DO NOTHING
        """;

    private const string ExitSql = "DELETE FROM segment_members WHERE segment = $segment AND individual_id = $individual";

    private const string FeedSql = """
        INSERT INTO segment_changes (segment, individual_id, entered, at) VALUES ($segment, $individual, $entered, $at)
        """;

    protected override IReadOnlyList<string> Run(WriterSession session)
    {
        var recorded = new List<string>();
        foreach (var change in changes)
        {
            var member = change.Entered
                ? session.Command(EnterSql, "$segment", "$individual", "$at")
                : session.Command(ExitSql, "$segment", "$individual");
            member.Parameters[0].Value = change.Segment;
            member.Parameters[1].Value = individualId;
            if (change.Entered)
            {
                member.Parameters[2].Value = change.At.ToUnixTimeMilliseconds();
            }

            if (member.ExecuteNonQuery() == 0)
            {
                continue;
            }

            var feed = session.Command(FeedSql, "$segment", "$individual", "$entered", "$at");
            feed.Parameters[0].Value = change.Segment;
            feed.Parameters[1].Value = individualId;
            feed.Parameters[2].Value = change.Entered ? 1 : 0;
            feed.Parameters[3].Value = change.At.ToUnixTimeMilliseconds();
            feed.ExecuteNonQuery();
            recorded.Add(change.Segment);
        }

        return recorded;
    }
}
