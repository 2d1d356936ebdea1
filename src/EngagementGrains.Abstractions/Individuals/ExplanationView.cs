namespace EngagementGrains.Abstractions.Individuals;

/// <summary>Why a segment condition held or not for an individual, node by node.</summary>
[GenerateSerializer, Immutable, Alias("eg.ExplanationView")]
public sealed record class ExplanationView(
    [property: Id(0)] string Path,
    [property: Id(1)] string Condition,
    [property: Id(2)] bool Held,
    [property: Id(3)] string? ValueJson,
    [property: Id(4)] IReadOnlyList<ExplanationView> Children);
