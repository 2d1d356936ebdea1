namespace EngagementGrains.Core.Segments;

/// <summary>An individual's membership of one segment: since when, and of which definition of that name.</summary>
[GenerateSerializer, Immutable, Alias("eg.Membership")]
public sealed record class Membership([property: Id(0)] DateTimeOffset Since, [property: Id(1)] long Generation = 0);
