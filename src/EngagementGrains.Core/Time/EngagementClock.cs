namespace EngagementGrains.Core.Time;

/// <summary>
/// The domain's clock: the instant that windows, wake-ups, validation and feeds see. It is its own type so a
/// test can move it without touching the TimeProvider that Orleans' timers and timeouts run on.
/// </summary>
public class EngagementClock(TimeProvider source) : TimeProvider
{
    /// <summary>The wall clock.</summary>
    public static EngagementClock Wall { get; } = new(TimeProvider.System);

    public override DateTimeOffset GetUtcNow() => source.GetUtcNow();
}
