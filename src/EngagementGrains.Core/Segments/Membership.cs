namespace EngagementGrains.Core.Segments;

/// <summary>An individual's membership of one segment, since when.</summary>
[GenerateSerializer, Immutable, Alias("eg.Membership")]
public sealed record class Membership([property: Id(0)] DateTimeOffset Since);
