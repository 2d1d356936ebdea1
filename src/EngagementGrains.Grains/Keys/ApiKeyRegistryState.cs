namespace EngagementGrains.Grains.Keys;

/// <summary>The stored key ids, in the order they were created.</summary>
[GenerateSerializer, Alias("eg.ApiKeyRegistryState")]
public sealed record class ApiKeyRegistryState
{
    [Id(0)] public List<string> Ids { get; set; } = [];
}
