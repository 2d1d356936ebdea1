using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Abstractions.Segments;
using EngagementGrains.Abstractions.Storage;
using EngagementGrains.Client.Profiles;
using EngagementGrains.Client.Tracking;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Identity;

namespace EngagementGrains.Client;

/// <summary>The engine through the grains the HTTP gateway calls, with the gateway's validation in front.</summary>
internal sealed class EngagementClient(IClusterClient cluster, EventValidator validator, IdentityNormalizer identities) : IEngagementClient
{
    public async Task<TrackResult> TrackAsync(IReadOnlyList<TrackedEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        IReadOnlyList<IncomingEvent> valid;
        using (var body = TrackedEventJson.Write(events))
        {
            var errors = new List<ValidationError>();
            valid = validator.ValidateRequest(body.RootElement, errors);
            if (errors.Count > 0)
            {
                throw new EventsRejectedException(errors);
            }
        }

        // Intake is idempotent (one row per eventId and individual), so offering the events again is safe.
        var result = await TransientRetry.RunAsync(() => cluster.GetGrain<IEventIntakeGrain>(0).IngestAsync(valid));
        return new TrackResult(result.Accepted, result.Duplicates, result.Suppressed);
    }

    public async Task<ProfileView?> GetProfileAsync(string individualId)
    {
        ArgumentException.ThrowIfNullOrEmpty(individualId);
        return await cluster.GetGrain<IIndividualGrain>(await cluster.SurvivorOfAsync(individualId)).GetProfileAsync();
    }

    public async Task<ProfileView?> GetProfileAsync(ContactPoint contactPoint) =>
        await IndividualOfAsync(contactPoint) is { } individualId ? await GetProfileAsync(individualId) : null;

    public async Task<bool> IsMemberAsync(string segment, string individualId)
    {
        ArgumentException.ThrowIfNullOrEmpty(segment);
        ArgumentException.ThrowIfNullOrEmpty(individualId);
        var survivor = await cluster.SurvivorOfAsync(individualId);
        return await cluster.GetGrain<ISegmentQueryGrain>(segment).FindAsync(survivor) is not null;
    }

    public async Task<bool> IsMemberAsync(string segment, ContactPoint contactPoint) =>
        await IndividualOfAsync(contactPoint) is { } individualId && await IsMemberAsync(segment, individualId);

    private async Task<string?> IndividualOfAsync(ContactPoint contactPoint)
    {
        ArgumentNullException.ThrowIfNull(contactPoint);
        if (!identities.IsKnownType(contactPoint.Type))
        {
            throw new ArgumentException($"'{contactPoint.Type}' is not an identity type", nameof(contactPoint));
        }

        // The message names the rule broken, never the value: it may end up in a log.
        var value = IdentityNormalizer.Normalize(contactPoint.Type, contactPoint.Value, out var error)
            ?? throw new ArgumentException($"The {contactPoint.Type} is not valid: {error}", nameof(contactPoint));
        return await cluster.GetGrain<IIdentityGrain>(IdentityKey.GrainKey(IdentityKey.Format(contactPoint.Type, value))).GetIndividualAsync();
    }
}
