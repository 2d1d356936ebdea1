using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Abstractions.Measures;
using EngagementGrains.Core.Identity;

namespace EngagementGrains.Core.Profiles;

/// <summary>Turns an individual's state into the profile read model.</summary>
public static class ProfileProjection
{
    /// <summary>
    /// The profile as of <paramref name="now"/>: every named measure in <paramref name="measures"/>, those the
    /// individual holds no state for with their empty value computed now.
    /// </summary>
    public static ProfileView? ToView(string individualId, IndividualState state, Measures.MeasureSet measures, DateTimeOffset now)
    {
        if (state.EventCount == 0 || state.FirstSeen is null || state.LastSeen is null)
        {
            return null;
        }

        var identities = state.Identities
            .Select(IdentityKey.Parse)
            .GroupBy(i => i.Type, StringComparer.Ordinal)
            .ToDictionary(
                g => g.Key,
                g => (IReadOnlyList<string>)g.Select(i => i.Value).Order(StringComparer.Ordinal).ToArray(),
                StringComparer.Ordinal);

        return new ProfileView
        {
            IndividualId = individualId,
            Identities = identities,
            AttributesJson = state.Attributes.ToDictionary(a => a.Key, a => a.Value.Json, StringComparer.Ordinal),
            Consent = state.Consent.ToDictionary(
                c => c.Key, c => new ConsentView(c.Value.Status, c.Value.UpdatedAt, c.Value.EventType), StringComparer.Ordinal),
            FirstSeen = state.FirstSeen.Value,
            LastSeen = state.LastSeen.Value,
            EventCount = state.EventCount,
            EventCounts = new Dictionary<string, long>(state.EventCounts, StringComparer.Ordinal),
            Measures = measures.Named.ToDictionary(
                m => m.Name,
                m => state.Measures.TryGetValue(m.Name, out var held)
                    ? new MeasureValueView(held.ValueJson, held.ComputedAt)
                    : new MeasureValueView(Measures.MeasureAccumulator.EmptyValue(m.Spec), now),
                StringComparer.Ordinal),
            Segments = state.Memberships.ToDictionary(m => m.Key, m => m.Value.Since, StringComparer.Ordinal),
            IdentityConflicts = state.Conflicts.Select(c =>
            {
                var (type, value) = IdentityKey.Parse(c.IdentityKey);
                return new IdentityConflictView(type, value, c.EventId, c.OccurredAt);
            }).ToArray(),
        };
    }
}
