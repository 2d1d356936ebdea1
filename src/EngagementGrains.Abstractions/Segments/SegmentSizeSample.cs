namespace EngagementGrains.Abstractions.Segments;

/// <summary>A segment's size at the end of an interval, and how many entered and exited during it.</summary>
[GenerateSerializer, Immutable, Alias("eg.SegmentSizeSample")]
public sealed record class SegmentSizeSample(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] long Size,
    [property: Id(2)] long Entered,
    [property: Id(3)] long Exited);
