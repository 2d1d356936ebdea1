namespace EngagementGrains.Load.Reporting;

/// <summary>The figures of one run.</summary>
public sealed record class LoadResult
{
    public long EventsSent { get; init; }
    public long EventsAcknowledged { get; init; }
    public long DuplicatesReported { get; init; }
    public long DuplicatesExpected { get; init; }
    public double Seconds { get; init; }
    public double EventsPerSecond { get; init; }
    public double LatencyP50Ms { get; init; }
    public double LatencyP95Ms { get; init; }
    public double LatencyP99Ms { get; init; }
    public double LatencyMaxMs { get; init; }
    public long Requests { get; init; }
    public long Retries { get; init; }
    public IReadOnlyDictionary<string, long> Errors { get; init; } = new Dictionary<string, long>();
    public long FailedEvents { get; init; }
}
