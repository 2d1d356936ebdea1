using EngagementGrains.Abstractions.Events;

namespace EngagementGrains.Core.Identity;

/// <summary>
/// Where each of an individual's events goes when contact points are split off it: where identity resolution
/// would have put it had the two never been merged. An event goes with its most identifying contact point; an
/// event that carried none (sent to an individual id) goes with the individual it was acknowledged for, and an
/// individual merged in earlier goes with most of its events.
/// </summary>
/// <param name="Away">The events of the contact points split off.</param>
/// <param name="Stay">The events that stay.</param>
/// <param name="AwayAbsorbed">Individuals merged in earlier whose events mostly go away, most events first.</param>
public sealed record class SplitPlan(IReadOnlyList<StoredEvent> Away, IReadOnlyList<StoredEvent> Stay, IReadOnlyList<string> AwayAbsorbed)
{
    private static readonly Dictionary<string, int> s_priority = IdentityTypes.Known
        .Select((type, index) => (type, index))
        .ToDictionary(p => p.type, p => p.index, StringComparer.Ordinal);

    /// <summary>
    /// Partitions <paramref name="history"/> (the individual's log) for the contact points <paramref name="awayKeys"/>;
    /// with <paramref name="awayAbsorbed"/>, the merged individuals that leave are those, not decided from this log.
    /// </summary>
    public static SplitPlan Of(IReadOnlyList<StoredEvent> history, IReadOnlySet<string> awayKeys, IEnumerable<string> absorbed, IReadOnlyList<string>? awayAbsorbed = null)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(awayKeys);
        var verdicts = history.Select(e => DecidingKey(e.Event) is { } key ? awayKeys.Contains(key) : (bool?)null).ToArray();

        // An earlier merged individual follows its events: the side most of them (that named a contact point) took.
        var absorbedSide = absorbed.ToDictionary(
            id => id,
            id =>
            {
                var (away, stay) = (0, 0);
                for (var i = 0; i < history.Count; i++)
                {
                    if (history[i].Origin == id && verdicts[i] is { } goes)
                    {
                        _ = goes ? away++ : stay++;
                    }
                }

                return (Away: awayAbsorbed is null ? away > stay : awayAbsorbed.Contains(id, StringComparer.Ordinal), Count: away);
            },
            StringComparer.Ordinal);

        var awayEvents = new List<StoredEvent>();
        var stayEvents = new List<StoredEvent>();
        for (var i = 0; i < history.Count; i++)
        {
            var goes = verdicts[i] ?? (absorbedSide.TryGetValue(history[i].Origin, out var side) && side.Away);
            (goes ? awayEvents : stayEvents).Add(history[i]);
        }

        var leaving = awayAbsorbed ?? absorbedSide.Where(p => p.Value.Away)
            .OrderByDescending(p => p.Value.Count).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => p.Key)
            .ToArray();
        return new SplitPlan(awayEvents, stayEvents, leaving);
    }

    /// <summary>The event's most identifying contact point that identified its individual (not one refused on it), or null.</summary>
    public static string? DecidingKey(EngagementEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Identities is not { Count: > 0 } identities)
        {
            return null;
        }

        var refused = e.ConflictingIdentities ?? [];
        return identities
            .Select(p => (Type: p.Key, Key: IdentityKey.Format(p.Key, p.Value)))
            .Where(p => !refused.Contains(p.Key, StringComparer.Ordinal))
            .OrderBy(p => s_priority.GetValueOrDefault(p.Type, int.MaxValue))
            .ThenBy(p => p.Type, StringComparer.Ordinal)
            .Select(p => p.Key)
            .FirstOrDefault();
    }
}
