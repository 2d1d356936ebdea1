namespace EngagementGrains.Core.Measures;

/// <summary>What a measure keeps of one matching event: its time and position, and its field's value.</summary>
[GenerateSerializer, Immutable, Alias("eg.MeasureEntry")]
public sealed record class MeasureEntry(
    [property: Id(0)] long OccurredAtMs,
    [property: Id(1)] long Sequence,
    [property: Id(2)] decimal? Number,
    [property: Id(3)] string? Json)
{
    /// <summary>Order by occurredAt, then by log sequence.</summary>
    public static int Compare(MeasureEntry a, MeasureEntry b)
    {
        var byTime = a.OccurredAtMs.CompareTo(b.OccurredAtMs);
        return byTime != 0 ? byTime : a.Sequence.CompareTo(b.Sequence);
    }
}
