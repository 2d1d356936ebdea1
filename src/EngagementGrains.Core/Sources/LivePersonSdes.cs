using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Identity;

namespace EngagementGrains.Core.Sources;

/// <summary>Turns a conversation's engagement attributes (SDEs) into events on its consumer.</summary>
internal sealed class LivePersonSdes
{
    private const string Family = "liveperson";

    // Authenticated SDEs come under "sdes", the others under "unAuthSdes"; the list is part of the event id
    // so that one list growing does not renumber the other.
    private static readonly (string List, string IdPart, bool Authenticated)[] s_lists =
        [("sdes", "sde", true), ("unAuthSdes", "unauth-sde", false)];

    private readonly FrozenDictionary<string, EventTypeDefinition> _types;

    public LivePersonSdes(EventCatalog catalog)
    {
        // Keyed by the SDE type as LivePerson spells it (CUSTOMER_INFO), read through the field-name key.
        _types = catalog.Types.Where(t => t.Family == Family)
            .SelectMany(t => t.SourceNames.Select(n => (Key: SourceFieldNames.Key(n), Type: t)))
            .ToFrozenDictionary(p => p.Key, p => p.Type, StringComparer.Ordinal);
    }

    /// <summary>The SDE types (as LivePerson names them) and the catalog types they become.</summary>
    public IReadOnlyDictionary<string, string> TypeMap =>
        _types.Values.SelectMany(t => t.SourceNames.Select(n => (n, t.Name))).ToDictionary(p => p.n, p => p.Name);

    public void Map(
        JsonElement record, string conversationId, string participantId, int index,
        List<ValidationError> errors, List<SourceEvent> events)
    {
        foreach (var (list, idPart, authenticated) in s_lists)
        {
            if (!record.TryGetProperty(list, out var container) || container.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (container.ValueKind != JsonValueKind.Object
                || !container.TryGetProperty("events", out var sdes) || sdes.ValueKind != JsonValueKind.Array)
            {
                errors.Add(new ValidationError(index, list, "must be an object with an events array"));
                continue;
            }

            var position = 0;
            foreach (var sde in sdes.EnumerateArray())
            {
                var field = $"{list}.events[{position}]";
                var mapped = MapSde(sde, field, $"lp:{conversationId}:{idPart}", position, authenticated, conversationId, participantId, index, errors);
                if (mapped is not null)
                {
                    events.Add(new SourceEvent(index, mapped));
                }

                position++;
            }
        }
    }

    private JsonObject? MapSde(
        JsonElement sde, string field, string idPrefix, int position, bool authenticated,
        string conversationId, string participantId, int index, List<ValidationError> errors)
    {
        if (sde.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(index, field, "must be an object"));
            return null;
        }

        var sdeType = sde.TryGetProperty("sdeType", out var typeElement) ? SourceRecord.AsText(typeElement) : null;
        if (sdeType is null)
        {
            errors.Add(new ValidationError(index, field + ".sdeType", "is required"));
            return null;
        }

        if (!_types.TryGetValue(SourceFieldNames.Key(sdeType), out var type))
        {
            errors.Add(new ValidationError(index, field + ".sdeType", $"'{sdeType}' is not a LivePerson engagement attribute type"));
            return null;
        }

        var payloadName = SourceFieldNames.CamelCase(type.SourceNames[0]);
        if (!sde.TryGetProperty(payloadName, out var payload) || payload.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(index, $"{field}.{payloadName}", "is required and must be an object"));
            return null;
        }

        var instant = ReadServerTime(sde, payload, out var timeError);
        if (instant is null)
        {
            errors.Add(new ValidationError(index, field + ".serverTimeStamp", timeError!));
            return null;
        }

        var attributes = Flatten(payload, payloadName);
        attributes["conversationId"] = conversationId;
        attributes["isAuthenticated"] = sde.TryGetProperty("isAuthenticated", out var flag) && flag.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? flag.GetBoolean()
            : authenticated;

        var identities = new Dictionary<string, string>(StringComparer.Ordinal) { ["participantId"] = participantId };
        foreach (var (attribute, identityType) in type.IdentityFields)
        {
            ContactPoints.TryAdd(identities, identityType, Text(attributes[attribute]));
        }

        var eventId = $"{idPrefix}:{instant.Value.ToUnixTimeMilliseconds()}:{position}";
        return CanonicalEvent.Create(eventId, type.Name, SourceTimestamps.Format(instant.Value), null, identities, attributes);
    }

    // The server's clock, not the page's: originalTimeStamp comes from the consumer's browser and can run
    // hours off (the API's own example has it two hours after the server time).
    private static DateTimeOffset? ReadServerTime(JsonElement sde, JsonElement payload, out string? error)
    {
        foreach (var (holder, name) in new[] { (sde, "serverTimeStamp"), (payload, "serverTimeStamp"), (payload, "originalTimeStamp") })
        {
            if (holder.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return SourceTimestamps.ReadInstant(value, out error);
            }
        }

        error = "is required (epoch milliseconds)";
        return null;
    }

    // Some SDEs hold their fields directly, others one level down under their own name
    // ({"customerInfo":{"serverTimeStamp":…,"customerInfo":{"customerId":…}}}); both land flat.
    private static JsonObject Flatten(JsonElement payload, string payloadName)
    {
        var attributes = new JsonObject();
        foreach (var property in payload.EnumerateObject())
        {
            if (property.Name == payloadName && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var inner in property.Value.EnumerateObject())
                {
                    attributes[inner.Name] = SourceRecord.Copy(inner.Value);
                }
            }
            else if (property.Name != "isAuthenticated")
            {
                attributes[property.Name] = SourceRecord.Copy(property.Value);
            }
        }

        if (attributes["contacts"] is JsonArray contacts)
        {
            CopyFirstContact(contacts, attributes, IdentityTypes.Email);
            CopyFirstContact(contacts, attributes, IdentityTypes.Phone);
        }

        return attributes;
    }

    // personalInfo keeps email and phone inside contacts[].personalContact; the catalog names them at the top.
    private static void CopyFirstContact(JsonArray contacts, JsonObject attributes, string name)
    {
        if (Text(attributes[name]) is not null)
        {
            return;
        }

        foreach (var contact in contacts)
        {
            // An export may hold anything where an object belongs: only objects are looked into.
            if (contact is JsonObject { } entry && entry["personalContact"] is JsonObject personal
                && personal[name] is JsonValue value && Text(value) is { } text && !ContactPoints.IsPlaceholder(text))
            {
                attributes[name] = text;
                return;
            }
        }
    }

    // LivePerson's v1 API sends ids as text and v2 may send them as numbers; both identify.
    private static string? Text(JsonNode? node) => node is not JsonValue value ? null : value.GetValueKind() switch
    {
        JsonValueKind.String when value.GetValue<string>() is { } text && !string.IsNullOrWhiteSpace(text) => text.Trim(),
        JsonValueKind.Number => value.ToJsonString(),
        _ => null,
    };
}
