using System.Text.Json;
using System.Text.Json.Serialization;
using EngagementGrains.Abstractions.Events;

namespace EngagementGrains.Gateway.Profiles;

/// <summary>An event as stored: normalised identities, coerced attributes, time to the millisecond.</summary>
/// <param name="EventId">The sender's idempotency key.</param>
/// <param name="Type">The event type.</param>
/// <param name="OccurredAt">When it happened, UTC to the millisecond.</param>
/// <param name="Channel">The event's channel.</param>
/// <param name="Identities">The contact points the event carried; absent when it carried none.</param>
/// <param name="Attributes">The attributes as stored, coerced to the catalog's field types.</param>
public sealed record class TimelineEvent(
    string EventId,
    string Type,
    string OccurredAt,
    string Channel,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Identities,
    JsonElement Attributes)
{
    public static TimelineEvent From(StoredEvent stored)
    {
        var e = stored.Event;
        return new TimelineEvent(
            e.EventId, e.Type, ApiJson.Timestamp(e.OccurredAt), e.Channel,
            e.Identities is { Count: > 0 } identities ? identities : null,
            ApiJson.Element(e.AttributesJson));
    }
}
