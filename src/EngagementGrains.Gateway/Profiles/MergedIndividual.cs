namespace EngagementGrains.Gateway.Profiles;

/// <summary>An individual merged into this one, and when.</summary>
public sealed record class MergedIndividual(string IndividualId, string MergedAt);
