namespace EngagementGrains.Abstractions.Segments;

/// <summary>A member of a segment and since when.</summary>
[GenerateSerializer, Immutable, Alias("eg.SegmentMember")]
public sealed record class SegmentMember([property: Id(0)] string IndividualId, [property: Id(1)] DateTimeOffset Since);
