namespace EngagementGrains.Gateway.Profiles;

/// <summary>An individual split apart from this one by an operator: its contact points may not merge with this one until an admin lifts it.</summary>
public sealed record class SeparatedIndividual(string IndividualId, IReadOnlyList<IdentityLink> Identities, string SplitAt);
