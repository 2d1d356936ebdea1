using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Abstractions.Storage;
using Orleans;
using Orleans.Concurrency;

namespace EngagementGrains.Grains.Intake;

/// <summary>
/// Resolves each event's individual and delivers the events, one call per individual. A stateless worker:
/// every silo runs as many as it needs, next to the caller, so the resolution and merge rules live with the
/// grains and a frontend on the Orleans client gets the same guarantees as the HTTP API.
/// </summary>
[StatelessWorker]
public sealed class EventIntakeGrain(IndividualResolver resolver) : Grain, IEventIntakeGrain
{
    /// <summary>How many times one individual's events are offered before the failure reaches the caller.</summary>
    public const int MaxDeliveryAttempts = 5;

    public async Task<ApplyResult> IngestAsync(IReadOnlyList<IncomingEvent> events)
    {
        var (deliveries, suppressed) = await resolver.ResolveAsync(events);
        var results = await Task.WhenAll(deliveries
            .GroupBy(r => r.IndividualId, StringComparer.Ordinal)
            .Select(g => DeliverAsync(g.Key, g.Select(r => r.Event).ToArray())));
        return new ApplyResult(results.Sum(r => r.Accepted), results.Sum(r => r.Duplicates), Suppressed: suppressed);
    }

    // An individual merged into another answers with the survivor; the events go there instead.
    private async Task<ApplyResult> DeliverAsync(string individualId, EngagementEvent[] events)
    {
        for (var hop = 0; ; hop++)
        {
            var result = await ApplyWithRetryAsync(individualId, events);
            if (result.MergedInto is not { } survivor)
            {
                return result;
            }

            if (hop == MergedIndividuals.MaxRedirects)
            {
                throw new InvalidOperationException($"Individual {individualId} redirects more than {MergedIndividuals.MaxRedirects} times.");
            }

            individualId = survivor;
        }
    }

    // Delivery is idempotent (the log keeps one row per eventId), so a silo going away mid-call is
    // retried here a few times before the caller hears of it: a graceful scale-down fails no request.
    private async Task<ApplyResult> ApplyWithRetryAsync(string individualId, EngagementEvent[] events)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await GrainFactory.GetGrain<IIndividualGrain>(individualId).ApplyAsync(events);
            }
            catch (Exception error) when (attempt < MaxDeliveryAttempts && Transient.Is(error))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt));
            }
        }
    }
}
