namespace EngagementGrains.Abstractions.Destinations;

/// <summary>What an admin sets of a destination: where to send, which segments (null: all), and whether it is on.</summary>
[GenerateSerializer, Immutable, Alias("eg.DestinationSettings")]
public sealed record class DestinationSettings(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string>? Segments,
    [property: Id(2)] bool Enabled);
