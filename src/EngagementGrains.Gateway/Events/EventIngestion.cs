using System.Diagnostics;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Storage;

namespace EngagementGrains.Gateway.Events;

/// <summary>
/// Hands validated events to the intake grain, which resolves identities, merges and delivers them, and
/// answers once all are durable. Every ingestion route (canonical events, tracking calls, native sources)
/// ends here, so they share identity resolution, merges and idempotency with any Orleans client.
/// </summary>
public sealed class EventIngestion(IGrainFactory grains, IngestMetrics metrics)
{
    public async Task<IngestResponse> IngestAsync(IReadOnlyList<IncomingEvent> events, long started)
    {
        // Intake is idempotent (each individual keeps one row per eventId), so it is simply offered again.
        var result = await TransientRetry.RunAsync(() => grains.GetGrain<IEventIntakeGrain>(0).IngestAsync(events));
        metrics.Accepted(result.Accepted, result.Duplicates, result.Suppressed, Stopwatch.GetElapsedTime(started));
        return new IngestResponse(result.Accepted, result.Duplicates, result.Suppressed);
    }
}
