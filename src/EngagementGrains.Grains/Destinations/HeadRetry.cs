namespace EngagementGrains.Grains.Destinations;

/// <summary>The change at the head of one segment that keeps failing: how often, and not before when (a Stopwatch timestamp) to try again.</summary>
public sealed record class HeadRetry(long Position, int Failures, long NotBefore);
