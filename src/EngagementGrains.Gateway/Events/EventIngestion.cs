using System.Diagnostics;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Core.Events;
using Orleans.Runtime;

namespace EngagementGrains.Gateway.Events;

/// <summary>
/// Delivers validated events to their individuals and answers once all are durable. Every ingestion
/// route (canonical events, tracking calls, native sources) ends here, so they share identity
/// resolution, merges and idempotency.
/// </summary>
public sealed class EventIngestion(IndividualResolver resolver, IGrainFactory grains, IngestMetrics metrics)
{
    /// <summary>How many merged individuals a delivery follows before giving up (a chain this long is a bug).</summary>
    public const int MaxRedirects = 8;

    public async Task<IngestResponse> IngestAsync(IReadOnlyList<IncomingEvent> events, long started)
    {
        var resolved = await resolver.ResolveAsync(events);
        var calls = resolved
            .GroupBy(r => r.IndividualId, StringComparer.Ordinal)
            .Select(g => DeliverAsync(g.Key, g.Select(r => r.Event).ToArray()))
            .ToArray();
        var results = await Task.WhenAll(calls);
        var accepted = results.Sum(r => r.Accepted);
        var duplicates = results.Sum(r => r.Duplicates);
        metrics.Accepted(accepted, duplicates, Stopwatch.GetElapsedTime(started));
        return new IngestResponse(accepted, duplicates);
    }

    // An individual merged into another answers with the survivor; the events go there instead.
    private async Task<Abstractions.Events.ApplyResult> DeliverAsync(string individualId, Abstractions.Events.EngagementEvent[] events)
    {
        for (var hop = 0; ; hop++)
        {
            var result = await ApplyWithRetryAsync(individualId, events);
            if (result.MergedInto is not { } survivor)
            {
                return result;
            }

            if (hop == MaxRedirects)
            {
                throw new InvalidOperationException($"Individual {individualId} redirects more than {MaxRedirects} times.");
            }

            individualId = survivor;
        }
    }

    // Delivery is idempotent (the log keeps one row per eventId), so a silo going away mid-call is
    // retried here a few times before the client hears 503: a graceful scale-down fails no request.
    private async Task<Abstractions.Events.ApplyResult> ApplyWithRetryAsync(string individualId, Abstractions.Events.EngagementEvent[] events)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await grains.GetGrain<IIndividualGrain>(individualId).ApplyAsync(events);
            }
            catch (Exception error) when (attempt < MaxDeliveryAttempts && IsTransient(error))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
        }
    }

    /// <summary>How many times one individual's events are offered before the failure reaches the client.</summary>
    public const int MaxDeliveryAttempts = 5;

    private static bool IsTransient(Exception error) =>
        error is SiloUnavailableException or OrleansMessageRejectionException or GatewayTooBusyException
            || (error is OrleansException && error.InnerException is SiloUnavailableException or OrleansMessageRejectionException);
}
