using EngagementGrains.Storage.Sqlite;

namespace EngagementGrains.Storage.Memberships;

/// <summary>
/// Erases one individual from every segment: its member rows and feed history go, and one <c>exit</c>
/// per segment it was in is published, so downstream audiences drop the person without learning more.
/// Answers those segments.
/// </summary>
internal sealed class ForgetMemberOperation(string individualId, long atMs) : WriteOperation<IReadOnlyList<string>>
{
    protected override IReadOnlyList<string> Run(WriterSession session)
    {
        var segments = new List<string>();
        var select = session.Command("SELECT segment FROM segment_members WHERE individual_id = $individual", "$individual");
        select.Parameters[0].Value = individualId;
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read())
            {
                segments.Add(reader.GetString(0));
            }
        }

        foreach (var sql in (ReadOnlySpan<string>)[
            "DELETE FROM segment_members WHERE individual_id = $individual",
            "DELETE FROM segment_changes WHERE individual_id = $individual"])
        {
            var delete = session.Command(sql, "$individual");
            delete.Parameters[0].Value = individualId;
            delete.ExecuteNonQuery();
        }

        foreach (var segment in segments)
        {
            var feed = session.Command(
                "INSERT INTO segment_changes (segment, individual_id, entered, at) VALUES ($segment, $individual, 0, $at)",
                "$segment", "$individual", "$at");
            feed.Parameters[0].Value = segment;
            feed.Parameters[1].Value = individualId;
            feed.Parameters[2].Value = atMs;
            feed.ExecuteNonQuery();
        }

        return segments;
    }
}
