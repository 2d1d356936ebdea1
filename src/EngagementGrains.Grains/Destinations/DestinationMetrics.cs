using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace EngagementGrains.Grains.Destinations;

/// <summary>Per-destination webhook metrics on the project's meter: delivered, failed attempts, retrying, lag.</summary>
public sealed class DestinationMetrics
{
    /// <summary>The project's meter (the one the Host exports), shared with the ingest metrics.</summary>
    public const string MeterName = "EngagementGrains";

    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _lag;
    private readonly ConcurrentDictionary<string, int> _retrying = new();

    public DestinationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _delivered = meter.CreateCounter<long>("engagementgrains.destinations.delivered", "{change}", "Segment changes a destination acknowledged");
        _failed = meter.CreateCounter<long>("engagementgrains.destinations.failed_attempts", "{attempt}", "Delivery attempts that got no 2xx");
        _lag = meter.CreateHistogram<double>("engagementgrains.destinations.lag", "s", "Time from a segment change to its acknowledged delivery");
        meter.CreateObservableGauge(
            "engagementgrains.destinations.retrying",
            () => _retrying.Select(r => new Measurement<int>(r.Value, new KeyValuePair<string, object?>("destination", r.Key))),
            "{segment}",
            "Segments whose next change a destination is retrying (on this silo)");
    }

    public void Delivered(string destination, TimeSpan lag)
    {
        var tag = new KeyValuePair<string, object?>("destination", destination);
        _delivered.Add(1, tag);
        _lag.Record(Math.Max(0, lag.TotalSeconds), tag);
    }

    public void Failed(string destination) => _failed.Add(1, new KeyValuePair<string, object?>("destination", destination));

    /// <summary>How many of the destination's segments are retrying their head now.</summary>
    public void Retrying(string destination, int segments) => _retrying[destination] = segments;

    /// <summary>The destination is gone (deleted, or its grain left this silo): no more series for it here.</summary>
    public void Forget(string destination) => _retrying.TryRemove(destination, out _);
}
