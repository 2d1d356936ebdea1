namespace EngagementGrains.Gateway.Suppression;

/// <summary>The answer of a lift: how many of the named contact points were suppressed, and their keys.</summary>
public sealed record class LiftedSuppressions(int Lifted, IReadOnlyList<string> Keys);
