namespace EngagementGrains.ModelTests.Operations;

/// <summary>An event that names both people's contact points, so their individuals merge.</summary>
public sealed record JoinPeople(int First, int Second, string EventId, long OffsetMs) : Operation;
