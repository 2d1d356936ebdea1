namespace EngagementGrains.Storage.Postgres;

/// <summary>The statement part that keeps <c>eg_event_counts</c> with the rows an insert adds.</summary>
internal static class PostgresEventCounts
{
    /// <summary>
    /// A common table expression to follow one named <c>inserted</c> (returning <c>individual_id</c>): adds each
    /// individual's inserted rows to its counter, in id order so that concurrent writers lock counters alike, and
    /// returns each such individual's new count.
    /// </summary>
    public const string CountInsertedSql = """
        counted AS (
            INSERT INTO eg_event_counts (individual_id, events)
            SELECT individual_id, count(*) FROM inserted GROUP BY individual_id ORDER BY individual_id
            ON CONFLICT (individual_id) DO UPDATE SET events = eg_event_counts.events + excluded.events
            RETURNING individual_id, events)
        """;
}
