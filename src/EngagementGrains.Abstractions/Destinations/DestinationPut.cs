namespace EngagementGrains.Abstractions.Destinations;

/// <summary>The outcome of creating or changing a destination: the secret only when it was created now.</summary>
[GenerateSerializer, Immutable, Alias("eg.DestinationPut")]
public sealed record class DestinationPut(
    [property: Id(0)] DestinationView View,
    [property: Id(1)] bool Created,
    [property: Id(2)] string? Secret);
