namespace EngagementGrains.Abstractions.Measures;

/// <summary>A measure's value on a profile (JSON) and when it was computed.</summary>
[GenerateSerializer, Immutable, Alias("eg.MeasureValueView")]
public sealed record class MeasureValueView(
    [property: Id(0)] string ValueJson,
    [property: Id(1)] DateTimeOffset ComputedAt);
