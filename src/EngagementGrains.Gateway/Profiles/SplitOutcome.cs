namespace EngagementGrains.Gateway.Profiles;

/// <summary>The answer to a split: the individual that kept its id, the one that took the contact points split off, and each one's events.</summary>
/// <param name="IndividualId">The individual split (it keeps its id and the other contact points).</param>
/// <param name="SplitOffId">The individual holding the contact points split off: the one merged in earlier whose events they mostly were, or a new one.</param>
/// <param name="SplitOffEvents">Events that went with the contact points split off.</param>
/// <param name="RemainingEvents">Events the individual holds now.</param>
public sealed record class SplitOutcome(string IndividualId, string SplitOffId, long SplitOffEvents, long RemainingEvents);
