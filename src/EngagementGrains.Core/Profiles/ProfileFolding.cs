using System.Text.Json;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Identity;

namespace EngagementGrains.Core.Profiles;

/// <summary>
/// Folds stored events into an individual's state. Every rule decides by occurredAt, never by arrival,
/// so the same events in any order give the same profile.
/// </summary>
public sealed class ProfileFolding(EventCatalog catalog)
{
    /// <summary>How many of the newest events a profile keeps in memory.</summary>
    public const int RecentCapacity = 10;

    /// <summary>How many identity conflicts a profile keeps.</summary>
    public const int MaxConflicts = 50;

    /// <summary>The attribute that keeps a tracked call's context on its event; it describes the call, not the person.</summary>
    public const string ContextAttribute = "context";

    /// <summary>The custom event type that sets one channel's consent from its attributes.</summary>
    public const string ConsentUpdatedType = "ConsentUpdated";

    public void Apply(IndividualState state, StoredEvent stored)
    {
        var e = stored.Event;
        state.LogPosition = Math.Max(state.LogPosition, stored.Sequence);
        state.EventCount++;
        state.EventCounts[e.Type] = state.EventCounts.GetValueOrDefault(e.Type) + 1;
        if (state.FirstSeen is null || e.OccurredAt < state.FirstSeen)
        {
            state.FirstSeen = e.OccurredAt;
        }

        if (state.LastSeen is null || e.OccurredAt > state.LastSeen)
        {
            state.LastSeen = e.OccurredAt;
        }

        ApplyIdentities(state, e);
        var definition = catalog.Find(e.Type);
        if (definition?.SetsAttributes == true)
        {
            ApplyAttributes(state, e);
        }

        ApplyConsent(state, e, definition);
        ApplyRecent(state, stored);
    }

    private static void ApplyIdentities(IndividualState state, EngagementEvent e)
    {
        IEnumerable<string> conflicting = e.ConflictingIdentities ?? [];
        foreach (var (type, value) in e.Identities ?? new Dictionary<string, string>())
        {
            var key = IdentityKey.Format(type, value);
            if (state.Separations.Count > 0 && !conflicting.Contains(key) && Separation.Blocks(state.Separations, [key]))
            {
                // Split off by an operator: the event is this individual's, the contact point another's.
                conflicting = conflicting.Append(key);
            }
            else if (!conflicting.Contains(key))
            {
                state.Identities.Add(key);
            }
        }

        foreach (var key in conflicting)
        {
            if (state.Conflicts.Count < MaxConflicts && !state.Conflicts.Exists(c => c.IdentityKey == key))
            {
                state.Conflicts.Add(new IdentityConflict(key, e.EventId, e.OccurredAt));
            }
        }
    }

    private static void ApplyAttributes(IndividualState state, EngagementEvent e)
    {
        using var document = JsonDocument.Parse(e.AttributesJson);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Null || property.Name == ContextAttribute)
            {
                continue;
            }

            if (!state.Attributes.TryGetValue(property.Name, out var existing) || existing.UpdatedAt <= e.OccurredAt)
            {
                state.Attributes[property.Name] = new AttributeEntry(property.Value.GetRawText(), e.OccurredAt);
            }
        }
    }

    private static void ApplyConsent(IndividualState state, EngagementEvent e, EventTypeDefinition? definition)
    {
        var rule = definition?.Consent ?? ReadConsentUpdate(e);
        if (rule is null)
        {
            return;
        }

        if (!state.Consent.TryGetValue(rule.Channel, out var existing) || existing.UpdatedAt <= e.OccurredAt)
        {
            state.Consent[rule.Channel] = new ConsentEntry(rule.Status, e.OccurredAt, e.Type);
        }
    }

    private static ConsentRule? ReadConsentUpdate(EngagementEvent e)
    {
        if (e.Type != ConsentUpdatedType)
        {
            return null;
        }

        using var document = JsonDocument.Parse(e.AttributesJson);
        var root = document.RootElement;
        var channel = root.TryGetProperty("channel", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return channel is { Length: > 0 } && ConsentStatus.IsValid(status) ? new ConsentRule(channel, status!) : null;
    }

    private static void ApplyRecent(IndividualState state, StoredEvent stored)
    {
        var recent = state.Recent;
        var at = recent.FindIndex(r => TimelineOrder.Compare(stored, r) < 0);
        if (at < 0)
        {
            if (recent.Count >= RecentCapacity)
            {
                return;
            }

            recent.Add(stored);
        }
        else
        {
            recent.Insert(at, stored);
        }

        if (recent.Count > RecentCapacity)
        {
            recent.RemoveAt(recent.Count - 1);
        }
    }
}
