using System.Globalization;
using System.Text.Json.Nodes;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Individuals;

namespace EngagementGrains.Gateway.Profiles;

/// <summary>The JSON shapes of profiles and timeline events, with UTC timestamps to the millisecond.</summary>
public static class ApiJson
{
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static JsonObject IdentityGraph(Abstractions.Identity.IdentityGraphView graph) => new()
    {
        ["individualId"] = graph.IndividualId,
        ["identities"] = new JsonArray(graph.Identities.Select(k =>
        {
            var (type, value) = Core.Identity.IdentityKey.Parse(k);
            return (JsonNode?)new JsonObject { ["type"] = type, ["value"] = value };
        }).ToArray()),
        ["merged"] = new JsonArray(graph.Merged.Select(m =>
            (JsonNode?)new JsonObject { ["individualId"] = m.IndividualId, ["mergedAt"] = Timestamp(m.MergedAt) }).ToArray()),
        ["refused"] = new JsonArray(graph.Conflicts.Select(k =>
        {
            var (type, value) = Core.Identity.IdentityKey.Parse(k);
            return (JsonNode?)new JsonObject { ["type"] = type, ["value"] = value };
        }).ToArray()),
    };

    public static JsonObject Profile(ProfileView profile)
    {
        var identities = new JsonObject();
        foreach (var (type, values) in profile.Identities.OrderBy(i => i.Key, StringComparer.Ordinal))
        {
            identities[type] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }

        var attributes = new JsonObject();
        foreach (var (name, json) in profile.AttributesJson.OrderBy(a => a.Key, StringComparer.Ordinal))
        {
            attributes[name] = JsonNode.Parse(json);
        }

        var consent = new JsonObject();
        foreach (var (channel, view) in profile.Consent.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            consent[channel] = new JsonObject
            {
                ["status"] = view.Status,
                ["updatedAt"] = Timestamp(view.UpdatedAt),
                ["eventType"] = view.EventType,
            };
        }

        var counts = new JsonObject();
        foreach (var (type, count) in profile.EventCounts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            counts[type] = count;
        }

        var measures = new JsonObject();
        foreach (var (name, value) in profile.Measures.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            measures[name] = new JsonObject
            {
                ["value"] = JsonNode.Parse(value.ValueJson),
                ["computedAt"] = Timestamp(value.ComputedAt),
            };
        }

        return new JsonObject
        {
            ["individualId"] = profile.IndividualId,
            ["identities"] = identities,
            ["attributes"] = attributes,
            ["consent"] = consent,
            ["firstSeen"] = Timestamp(profile.FirstSeen),
            ["lastSeen"] = Timestamp(profile.LastSeen),
            ["eventCount"] = profile.EventCount,
            ["eventCounts"] = counts,
            ["measures"] = measures,
            ["segments"] = new JsonObject(profile.Segments.OrderBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => KeyValuePair.Create(m.Key, (JsonNode?)new JsonObject { ["since"] = Timestamp(m.Value) }))),
            ["identityConflicts"] = new JsonArray(profile.IdentityConflicts.Select(c => (JsonNode?)new JsonObject
            {
                ["identityType"] = c.IdentityType,
                ["value"] = c.Value,
                ["eventId"] = c.EventId,
                ["occurredAt"] = Timestamp(c.OccurredAt),
            }).ToArray()),
        };
    }

    public static JsonObject Event(StoredEvent stored)
    {
        var e = stored.Event;
        var json = new JsonObject
        {
            ["eventId"] = e.EventId,
            ["type"] = e.Type,
            ["occurredAt"] = Timestamp(e.OccurredAt),
            ["channel"] = e.Channel,
        };
        if (e.Identities is { Count: > 0 })
        {
            var identities = new JsonObject();
            foreach (var (type, value) in e.Identities)
            {
                identities[type] = value;
            }

            json["identities"] = identities;
        }

        json["attributes"] = JsonNode.Parse(e.AttributesJson);
        return json;
    }
}
