namespace EngagementGrains.Grains.Individuals;

/// <summary>How individuals' snapshots are written (section <c>EngagementGrains:Snapshots</c>).</summary>
public sealed class SnapshotOptions
{
    public const string SectionName = "EngagementGrains:Snapshots";

    /// <summary>Events folded since the last snapshot before one is written inline (more when the windows hold more; see the grain).</summary>
    public int EveryEvents { get; set; } = 200;

    /// <summary>
    /// A measure whose window holds more entries than this is not stored in the snapshot but recomputed from the
    /// log when the individual is activated: the snapshot stays small however busy the person, at the cost of one
    /// read of their log per activation.
    /// </summary>
    public int MaxWindowEntries { get; set; } = 10_000;
}
