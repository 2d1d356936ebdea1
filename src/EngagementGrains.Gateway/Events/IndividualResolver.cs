using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Identity;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway.Events;

/// <summary>
/// Finds the individual of each event: its individualId, or the owner of its contact points, or a new
/// individual on first contact. When the contact points of one event belong to several individuals and
/// their types may merge (the identity rules), the individuals are merged into the one whose id sorts
/// first; a merge the rules refuse, or a contact point over its type's limit, is recorded on the event
/// as a conflict instead.
/// </summary>
public sealed class IndividualResolver(IGrainFactory grains, IOptions<IdentityRules> rules)
{
    private const int MaxAttempts = 4;

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
        for (var attempt = 1; ; attempt++)
        {
            var resolution = await TryResolveAsync(individualId, keys);
            if (resolution is not null)
            {
                return resolution;
            }

            if (attempt == MaxAttempts)
            {
                throw new InvalidOperationException($"The individuals of {string.Join(", ", keys)} kept moving while they were merged.");
            }
        }
    }

    // Null when an individual was merged elsewhere meanwhile: the caller resolves again.
    private async Task<Resolution?> TryResolveAsync(string? individualId, string[] keys)
    {
        var owners = await Task.WhenAll(keys.Select(k => grains.GetGrain<IIdentityGrain>(k).GetIndividualAsync()));
        var candidates = new SortedSet<string>(StringComparer.Ordinal);
        if (individualId is not null)
        {
            candidates.Add(individualId);
        }

        for (var i = 0; i < keys.Length; i++)
        {
            if (owners[i] is { } owner && rules.Value.Merges(keys[i]))
            {
                candidates.Add(owner);
            }
        }

        // The individuals this event may stand for: the target and everyone merged into it.
        var joined = new HashSet<string>(StringComparer.Ordinal);
        string? target;
        if (candidates.Count > 1)
        {
            var survivors = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var candidate in candidates)
            {
                survivors[candidate] = await FollowAsync(candidate);
            }

            var distinct = survivors.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            target = distinct[0];
            var refused = new HashSet<string>(StringComparer.Ordinal);
            foreach (var other in distinct.Skip(1))
            {
                var merge = await grains.GetGrain<IIndividualGrain>(target).AbsorbAsync(other);
                if (merge.Status == MergeStatus.Moved)
                {
                    return null;
                }

                if (merge.Status == MergeStatus.Refused)
                {
                    refused.Add(other);
                }
            }

            joined.UnionWith(survivors.Where(s => !refused.Contains(s.Value)).SelectMany(s => new[] { s.Key, s.Value }));
        }
        else
        {
            target = candidates.Count == 1 ? candidates.Min : owners.FirstOrDefault(o => o is not null);
        }

        // Linking the most identifying contact point first settles races between first contacts.
        target ??= await grains.GetGrain<IIdentityGrain>(keys[0]).LinkAsync(NewIndividualId());
        joined.Add(target);

        var unowned = keys.Where((_, i) => owners[i] is null).ToArray();
        var linked = new HashSet<string>(StringComparer.Ordinal);
        if (unowned.Length > 0)
        {
            var admitted = await grains.GetGrain<IIndividualGrain>(target).AdmitIdentitiesAsync(unowned);
            if (admitted.MergedInto is not null)
            {
                return null;
            }

            var links = await Task.WhenAll(admitted.Admitted.Select(k => grains.GetGrain<IIdentityGrain>(k).LinkAsync(target)));
            if (admitted.Admitted.Where((k, i) => links[i] != target && rules.Value.Merges(k)).Any())
            {
                // Someone else linked a contact point first: resolve again, now as a merge.
                return null;
            }

            linked.UnionWith(admitted.Admitted.Where((_, i) => links[i] == target));
        }

        var conflicts = keys
            .Where((key, i) => owners[i] is { } owner ? !joined.Contains(owner) : !linked.Contains(key))
            .ToArray();
        return new Resolution(target, conflicts);
    }

    private async Task<string> FollowAsync(string individualId)
    {
        for (var hop = 0; hop < EventIngestion.MaxRedirects; hop++)
        {
            if (await grains.GetGrain<IIndividualGrain>(individualId).GetSurvivorAsync() is not { } survivor)
            {
                return individualId;
            }

            individualId = survivor;
        }

        return individualId;
    }

    private sealed record class Resolution(string IndividualId, IReadOnlyList<string> Conflicts);
}
