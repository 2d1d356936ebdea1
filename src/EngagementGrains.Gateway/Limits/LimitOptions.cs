namespace EngagementGrains.Gateway.Limits;

/// <summary>
/// What one key may take of the service (section <c>EngagementGrains:Limits</c>). The rates hold every key but
/// admin keys; by default about half of what a 2-core Host measured (docs/benchmarks.md), so one abusive key
/// cannot take the service from the others.
/// </summary>
public sealed class LimitOptions
{
    public const string SectionName = "EngagementGrains:Limits";

    /// <summary>Requests per second one key may make (a token bucket); 0 lifts the limit.</summary>
    public int RequestsPerSecond { get; set; } = 1000;

    /// <summary>Requests one key may make at once above its rate.</summary>
    public int RequestBurst { get; set; } = 2000;

    /// <summary>Events per second one key may send, counted over every ingestion route; 0 lifts the limit.</summary>
    public int EventsPerSecond { get; set; } = 1500;

    /// <summary>Events one key may send at once above its rate (a full batch at least).</summary>
    public int EventBurst { get; set; } = 3000;

    /// <summary>Change-feed streams one key may hold open on one Host.</summary>
    public int StreamsPerKey { get; set; } = 10;

    /// <summary>The most bytes of request headers (names and values) a request may carry.</summary>
    public int MaxHeaderBytes { get; set; } = 16 * 1024;

    /// <summary>The most measures a deployment may define.</summary>
    public int MaxMeasures { get; set; } = 2000;

    /// <summary>The most segments a deployment may define.</summary>
    public int MaxSegments { get; set; } = 2000;
}
