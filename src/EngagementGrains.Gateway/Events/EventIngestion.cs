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
    /// <summary>How many times a request's events are offered when the silo taking them goes away mid-call.</summary>
    public const int MaxAttempts = 3;

    public async Task<IngestResponse> IngestAsync(IReadOnlyList<IncomingEvent> events, long started)
    {
        ApplyResult result;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Intake is idempotent (each individual keeps one row per eventId), so it is simply offered again.
                result = await grains.GetGrain<IEventIntakeGrain>(0).IngestAsync(events);
                break;
            }
            catch (Exception error) when (attempt < MaxAttempts && Transient.Is(error))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt));
            }
        }

        metrics.Accepted(result.Accepted, result.Duplicates, result.Suppressed, Stopwatch.GetElapsedTime(started));
        return new IngestResponse(result.Accepted, result.Duplicates, result.Suppressed);
    }
}
