using EngagementGrains.Abstractions.Definitions;

namespace EngagementGrains.Grains.Definitions;

/// <summary>The stored definitions of one kind and their version counter.</summary>
[GenerateSerializer, Alias("eg.DefinitionRegistryState")]
public sealed record class DefinitionRegistryState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public Dictionary<string, Definition> Definitions { get; init; } = new(StringComparer.Ordinal);
}
