namespace EngagementGrains.Abstractions.Identity;

/// <summary>An individual merged into a survivor, and when.</summary>
[GenerateSerializer, Immutable, Alias("eg.MergedIndividualView")]
public sealed record class MergedIndividualView(
    [property: Id(0)] string IndividualId,
    [property: Id(1)] DateTimeOffset MergedAt);
