namespace EngagementGrains.Abstractions.Definitions;

/// <summary>Every current definition of one kind, and the registry version they make up.</summary>
[GenerateSerializer, Immutable, Alias("eg.DefinitionSet")]
public sealed record class DefinitionSet(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyList<Definition> Definitions);
