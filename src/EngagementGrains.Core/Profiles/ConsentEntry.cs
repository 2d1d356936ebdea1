namespace EngagementGrains.Core.Profiles;

/// <summary>A channel's consent status and the event that set it.</summary>
[GenerateSerializer, Immutable, Alias("eg.ConsentEntry")]
public sealed record class ConsentEntry(
    [property: Id(0)] string Status,
    [property: Id(1)] DateTimeOffset UpdatedAt,
    [property: Id(2)] string EventType);
