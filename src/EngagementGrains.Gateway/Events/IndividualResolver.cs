using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Identity;

namespace EngagementGrains.Gateway.Events;

/// <summary>
/// Finds the individual of each event: its individualId, or the owner of its contact points, or a new
/// individual on first contact. Contact points that already belong to someone else are not re-linked:
/// merging two known individuals is a later capability, so the conflict is recorded on the event.
/// </summary>
public sealed class IndividualResolver(IGrainFactory grains)
{
    private static readonly Dictionary<string, int> s_priority = IdentityTypes.Known
        .Select((type, index) => (type, index))
        .ToDictionary(p => p.type, p => p.index, StringComparer.Ordinal);

    public static string NewIndividualId() => "ind-" + Guid.CreateVersion7().ToString("N");

    /// <summary>Resolves every event; events with the same individual and contact points are resolved once.</summary>
    public async Task<IReadOnlyList<(string IndividualId, EngagementEvent Event)>> ResolveAsync(IReadOnlyList<IncomingEvent> events)
    {
        var resolutions = new Dictionary<string, Task<Resolution>>(StringComparer.Ordinal);
        var signatures = new string?[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var incoming = events[i];
            if (incoming.Event.Identities is not { Count: > 0 } identities)
            {
                continue;
            }

            var keys = identities
                .OrderBy(p => s_priority.GetValueOrDefault(p.Key, int.MaxValue))
                .ThenBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => IdentityKey.Format(p.Key, p.Value))
                .ToArray();
            var signature = (incoming.IndividualId ?? "") + "|" + string.Join('|', keys);
            signatures[i] = signature;
            if (!resolutions.ContainsKey(signature))
            {
                resolutions[signature] = ResolveAsync(incoming.IndividualId, keys);
            }
        }

        await Task.WhenAll(resolutions.Values);
        var result = new (string, EngagementEvent)[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var incoming = events[i];
            if (signatures[i] is not { } signature)
            {
                result[i] = (incoming.IndividualId!, incoming.Event);
                continue;
            }

            var resolution = await resolutions[signature];
            result[i] = (resolution.IndividualId, resolution.Conflicts.Count == 0
                ? incoming.Event
                : incoming.Event with { ConflictingIdentities = resolution.Conflicts });
        }

        return result;
    }

    private async Task<Resolution> ResolveAsync(string? individualId, string[] keys)
    {
        if (individualId is null)
        {
            var owners = await Task.WhenAll(keys.Select(k => grains.GetGrain<IIdentityGrain>(k).GetIndividualAsync()));
            individualId = owners.FirstOrDefault(o => o is not null);
            if (individualId is null)
            {
                // Linking the most identifying contact point first settles races between first contacts.
                individualId = await grains.GetGrain<IIdentityGrain>(keys[0]).LinkAsync(NewIndividualId());
            }
        }

        var linked = await Task.WhenAll(keys.Select(k => grains.GetGrain<IIdentityGrain>(k).LinkAsync(individualId)));
        var conflicts = keys.Where((_, i) => linked[i] != individualId).ToArray();
        return new Resolution(individualId, conflicts);
    }

    private sealed record class Resolution(string IndividualId, IReadOnlyList<string> Conflicts);
}
