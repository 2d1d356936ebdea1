namespace EngagementGrains.ModelTests.Operations;

/// <summary>Time passes with no event: the domain clock moves forward.</summary>
public sealed record AdvanceClock(long Milliseconds) : Operation;
