namespace EngagementGrains.Abstractions.Identity;

/// <summary>The contact points an individual took on within its limits, or the survivor it was merged into.</summary>
[GenerateSerializer, Immutable, Alias("eg.AdmitResult")]
public sealed record class AdmitResult(
    [property: Id(0)] IReadOnlyList<string> Admitted,
    [property: Id(1)] string? MergedInto = null);
