namespace EngagementGrains.Core.Destinations;

/// <summary>
/// How long to wait before the next attempt at a change that failed: doubling from <c>first</c> up to
/// <c>longest</c>, with "equal jitter" (half fixed, half random) so destinations that failed together do not
/// all retry together, yet never sooner than half the doubled delay.
/// </summary>
public static class DeliveryBackoff
{
    /// <param name="failures">How many attempts at this change have failed (1 after the first).</param>
    /// <param name="first">The delay after the first failure, before jitter.</param>
    /// <param name="longest">The cap of the delay, before jitter.</param>
    /// <param name="random">A number in [0, 1) that spreads the delay.</param>
    public static TimeSpan Delay(int failures, TimeSpan first, TimeSpan longest, double random)
    {
        var doublings = Math.Clamp(failures - 1, 0, 40);
        var ticks = Math.Min(first.Ticks * Math.Pow(2, doublings), longest.Ticks);
        return TimeSpan.FromTicks((long)((ticks / 2) + (ticks / 2 * Math.Clamp(random, 0, 1))));
    }
}
