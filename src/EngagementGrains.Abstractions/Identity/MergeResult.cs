namespace EngagementGrains.Abstractions.Identity;

/// <summary>The end of a merge: its status and, when refused, why, or when moved, the id to use instead.</summary>
[GenerateSerializer, Immutable, Alias("eg.MergeResult")]
public sealed record class MergeResult(
    [property: Id(0)] MergeStatus Status,
    [property: Id(1)] string? Detail = null);
