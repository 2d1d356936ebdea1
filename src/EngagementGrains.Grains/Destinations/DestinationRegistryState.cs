namespace EngagementGrains.Grains.Destinations;

/// <summary>The stored destination names, in the order they were created.</summary>
[GenerateSerializer, Alias("eg.DestinationRegistryState")]
public sealed record class DestinationRegistryState
{
    [Id(0)] public List<string> Names { get; set; } = [];
}
