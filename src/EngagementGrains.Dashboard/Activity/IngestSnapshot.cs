namespace EngagementGrains.Dashboard.Activity;

/// <summary>What this process acknowledged: the rate now, a per-minute rate for the last hour, and ack latency percentiles.</summary>
/// <param name="EventsPerSecondNow">Events accepted per second over the last five seconds.</param>
/// <param name="PerMinute">Events per second in each of the last 60 minutes, oldest first (the last is the current minute so far).</param>
/// <param name="LastHour">Events accepted in the last hour.</param>
/// <param name="P50Milliseconds">Median time to acknowledge over the last minute; null without requests.</param>
/// <param name="P99Milliseconds">99th percentile time to acknowledge over the last minute; null without requests.</param>
public sealed record class IngestSnapshot(
    double EventsPerSecondNow, IReadOnlyList<double> PerMinute, long LastHour, double? P50Milliseconds, double? P99Milliseconds);
