using System.Diagnostics.Metrics;

namespace EngagementGrains.Gateway.Events;

/// <summary>The project's own meter: events accepted, rejected, duplicate and suppressed, and the time to acknowledge.</summary>
public sealed class IngestMetrics
{
    public const string MeterName = "EngagementGrains";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _suppressed;
    private readonly Histogram<double> _ackLatency;

    public IngestMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _accepted = meter.CreateCounter<long>("engagementgrains.events.accepted", "{event}", "Events stored and applied");
        _rejected = meter.CreateCounter<long>("engagementgrains.events.rejected", "{event}", "Events in rejected requests");
        _duplicates = meter.CreateCounter<long>("engagementgrains.events.duplicates", "{event}", "Events whose eventId was already stored");
        _suppressed = meter.CreateCounter<long>("engagementgrains.events.suppressed", "{event}", "Events dropped because they name an erased, suppressed contact point");
        _ackLatency = meter.CreateHistogram<double>("engagementgrains.ingest.ack_latency", "ms", "Time from request to durable acknowledgement");
    }

    public void Accepted(int accepted, int duplicates, int suppressed, TimeSpan elapsed)
    {
        _accepted.Add(accepted);
        _duplicates.Add(duplicates);
        _suppressed.Add(suppressed);
        _ackLatency.Record(elapsed.TotalMilliseconds);
    }

    public void Rejected(int events) => _rejected.Add(events);
}
