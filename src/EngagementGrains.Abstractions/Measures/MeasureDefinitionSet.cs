namespace EngagementGrains.Abstractions.Measures;

/// <summary>Every current measure definition, and the registry version they make up.</summary>
[GenerateSerializer, Immutable, Alias("eg.MeasureDefinitionSet")]
public sealed record class MeasureDefinitionSet(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<MeasureDefinition> Definitions);
