using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Core.Identity;
using Microsoft.Extensions.Options;
using Orleans;

namespace EngagementGrains.Grains.Intake;

/// <summary>
/// Finds the individual of each event: its individualId, or the owner of its contact points, or a new
/// individual on first contact. When the contact points of one event belong to several individuals and
/// their types may merge (the identity rules), the individuals are merged into the one whose id sorts
/// first; a merge the rules refuse, or a contact point over its type's limit, is recorded on the event
/// as a conflict instead. An event naming a suppressed contact point (an erased person's) is dropped.
/// </summary>
public sealed class IndividualResolver(IGrainFactory grains, IOptions<IdentityRules> rules)
{
    private const int MaxAttempts = 4;

    private static readonly Dictionary<string, int> s_priority = IdentityTypes.Known
        .Select((type, index) => (type, index))
        .ToDictionary(p => p.type, p => p.index, StringComparer.Ordinal);

    public static string NewIndividualId() => "ind-" + Guid.CreateVersion7().ToString("N");

    /// <summary>
    /// Resolves every event; events with the same individual and contact points are resolved once. Events that
    /// name a suppressed contact point are left out and counted.
    /// </summary>
    public async Task<(IReadOnlyList<(string IndividualId, EngagementEvent Event)> Deliveries, int Suppressed)> ResolveAsync(IReadOnlyList<IncomingEvent> events)
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
        var result = new List<(string, EngagementEvent)>(events.Count);
        var suppressed = 0;
        for (var i = 0; i < events.Count; i++)
        {
            var incoming = events[i];
            if (signatures[i] is not { } signature)
            {
                result.Add((incoming.IndividualId!, incoming.Event));
                continue;
            }

            var resolution = await resolutions[signature];
            if (resolution.Suppressed)
            {
                suppressed++;
                continue;
            }

            result.Add((resolution.IndividualId, resolution.Conflicts.Count == 0
                ? incoming.Event
                : incoming.Event with { ConflictingIdentities = resolution.Conflicts }));
        }

        return (result, suppressed);
    }

    private async Task<Resolution> ResolveAsync(string? individualId, string[] keys)
    {
        for (var attempt = 1; ; attempt++)
        {
            // An event addressed to a merged individual is about its survivor, who takes its new contact points.
            var target = individualId is null ? null : await grains.SurvivorOfAsync(individualId);
            var resolution = await TryResolveAsync(target, keys, new HashSet<string>(StringComparer.Ordinal));
            if (resolution is not null)
            {
                return resolution;
            }

            if (attempt == MaxAttempts)
            {
                throw new IdentitiesMovingException($"The individuals of an event's {keys.Length} contact points kept moving while they were merged.");
            }
        }
    }

    // Keys come most identifying first. Null when an individual moved meanwhile: the caller resolves again.
    // Owners in ignored are individuals this event turned out not to be about.
    private async Task<Resolution?> TryResolveAsync(string? individualId, string[] keys, HashSet<string> ignored)
    {
        var lookups = await Task.WhenAll(keys.Select(k => grains.GetGrain<IIdentityGrain>(IdentityKey.GrainKey(k)).GetOwnerAsync()));
        if (lookups.Any(o => o.Suppressed))
        {
            return Resolution.Dropped;
        }

        var owners = lookups.Select(o => o.IndividualId).ToArray();
        var anchor = individualId;
        var candidates = new SortedSet<string>(StringComparer.Ordinal);
        if (individualId is not null)
        {
            candidates.Add(individualId);
        }

        for (var i = 0; i < keys.Length; i++)
        {
            if (owners[i] is { } owner && !ignored.Contains(owner) && rules.Value.Merges(keys[i]))
            {
                candidates.Add(owner);
                anchor ??= owner;
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
                survivors[candidate] = await grains.SurvivorOfAsync(candidate);
            }

            var distinct = survivors.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            var refused = new HashSet<string>(StringComparer.Ordinal);
            foreach (var other in distinct.Skip(1))
            {
                var merge = await grains.GetGrain<IIndividualGrain>(distinct[0]).AbsorbAsync(other);
                if (merge.Status == MergeStatus.Moved)
                {
                    return null;
                }

                if (merge.Status == MergeStatus.Refused)
                {
                    refused.Add(other);
                }
            }

            // When a merge is refused, the event belongs to whoever its most identifying contact point names.
            var anchored = survivors[anchor!];
            target = refused.Contains(anchored) ? anchored : distinct[0];
            joined.UnionWith(survivors
                .Where(s => refused.Contains(target) ? s.Value == target : !refused.Contains(s.Value))
                .SelectMany(s => new[] { s.Key, s.Value }));
        }
        else
        {
            // With no merging contact point known, a shared one (a device) still finds its individual.
            target = candidates.Count == 1 ? candidates.Min : owners.FirstOrDefault(o => o is not null && !ignored.Contains(o));
        }

        var unowned = keys.Where((_, i) => owners[i] is null).ToArray();
        if (target is null)
        {
            // Linking the most identifying new contact point first settles races between first contacts.
            var created = NewIndividualId();
            target = await grains.GetGrain<IIdentityGrain>(IdentityKey.GrainKey(unowned[0])).LinkAsync(created);
            if (target is null)
            {
                return Resolution.Dropped;
            }

            if (target != created)
            {
                return null;
            }
        }

        joined.Add(target);
        var linked = new HashSet<string>(StringComparer.Ordinal);
        if (unowned.Length > 0)
        {
            // A new contact point more identifying than the one that found the individual must fit its
            // limits (a second user id does not): otherwise the event is about another person.
            var found = Array.FindIndex(owners, o => o is not null && joined.Contains(o));
            var mustFit = individualId is not null || found < 0 ? [] : unowned.Where(k => Array.IndexOf(keys, k) < found).ToArray();
            var admitted = await grains.GetGrain<IIndividualGrain>(target).AdmitIdentitiesAsync(unowned, mustFit);
            if (admitted.MergedInto is not null)
            {
                return null;
            }

            if (admitted.Refused)
            {
                ignored.UnionWith(joined);
                return await TryResolveAsync(individualId, keys, ignored);
            }

            var links = await Task.WhenAll(admitted.Admitted.Select(k => grains.GetGrain<IIdentityGrain>(IdentityKey.GrainKey(k)).LinkAsync(target)));
            if (links.Any(l => l is null))
            {
                // Suppressed since it was read: the person was erased meanwhile.
                return Resolution.Dropped;
            }

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

    private sealed record class Resolution(string IndividualId, IReadOnlyList<string> Conflicts, bool Suppressed = false)
    {
        public static readonly Resolution Dropped = new("", [], Suppressed: true);
    }
}
