namespace EngagementGrains.Abstractions.Segments;

/// <summary>One entry of a segment's change feed.</summary>
[GenerateSerializer, Immutable, Alias("eg.SegmentChange")]
public sealed record class SegmentChange(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string IndividualId,
    [property: Id(2)] bool Entered,
    [property: Id(3)] DateTimeOffset At);
