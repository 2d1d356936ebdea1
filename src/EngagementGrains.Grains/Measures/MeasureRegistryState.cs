using EngagementGrains.Abstractions.Measures;

namespace EngagementGrains.Grains.Measures;

/// <summary>The stored measure definitions and the version counter.</summary>
[GenerateSerializer, Alias("eg.MeasureRegistryState")]
public sealed record class MeasureRegistryState
{
    [Id(0)] public long Version { get; set; }
    [Id(1)] public Dictionary<string, MeasureDefinition> Definitions { get; init; } = new(StringComparer.Ordinal);
}
