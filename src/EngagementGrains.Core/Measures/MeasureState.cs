namespace EngagementGrains.Core.Measures;

/// <summary>
/// The compact state one individual keeps for one measure. A sliding window keeps only the entries that
/// are in it or still ahead of it; lifetime and fixed windows keep running totals, so an event of any
/// age can still be added and nothing is kept per event except for distinct values.
/// </summary>
[GenerateSerializer, Alias("eg.MeasureState")]
public sealed record class MeasureState
{
    /// <summary>The definition version this state was computed for.</summary>
    [Id(0)] public long Version { get; set; }
    [Id(1)] public WindowEntryCollection Entries { get; init; } = new();
    [Id(2)] public long Count { get; set; }
    [Id(3)] public decimal Sum { get; set; }
    [Id(4)] public long NumericCount { get; set; }
    [Id(5)] public decimal? Min { get; set; }
    [Id(6)] public decimal? Max { get; set; }
    [Id(7)] public MeasureEntry? First { get; set; }
    [Id(8)] public MeasureEntry? Last { get; set; }
    [Id(9)] public HashSet<string>? Distinct { get; set; }

    /// <summary>The last computed value (JSON) and when it was computed.</summary>
    [Id(10)] public string ValueJson { get; set; } = "null";
    [Id(11)] public DateTimeOffset ComputedAt { get; set; }
}
