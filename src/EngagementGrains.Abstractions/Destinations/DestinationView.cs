namespace EngagementGrains.Abstractions.Destinations;

/// <summary>A destination as an admin sees it: never its secret.</summary>
[GenerateSerializer, Immutable, Alias("eg.DestinationView")]
public sealed record class DestinationView(
    [property: Id(0)] string Name,
    [property: Id(1)] DestinationSettings Settings,
    [property: Id(2)] DateTimeOffset CreatedAt,
    [property: Id(3)] DateTimeOffset UpdatedAt,
    [property: Id(4)] DateTimeOffset? PreviousSecretValidUntil,
    [property: Id(5)] DateTimeOffset? FailingSince,
    [property: Id(6)] string? FailingReason,
    [property: Id(7)] IReadOnlyDictionary<string, long> Positions);
