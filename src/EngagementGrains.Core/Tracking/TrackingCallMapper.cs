using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using EngagementGrains.Core.Events;

namespace EngagementGrains.Core.Tracking;

/// <summary>
/// Turns one call of the Segment HTTP Tracking API into a canonical event: <c>messageId</c> is the
/// idempotency key, <c>userId</c>/<c>anonymousId</c> (and an email or phone among the traits) are
/// the contact points, <c>properties</c> or <c>traits</c> the attributes, and <c>context</c> is kept.
/// </summary>
public static class TrackingCallMapper
{
    /// <summary>Segment's limit for one call.</summary>
    public const int MaxCallBytes = 32 * 1024;

    /// <summary>The custom type of a <c>group</c> call.</summary>
    public const string GroupType = "GroupIdentified";

    /// <summary>The custom type of an <c>alias</c> call.</summary>
    public const string AliasType = "IdentityAliased";

    /// <summary>The type of an <c>identify</c> call: it sets profile attributes from the traits.</summary>
    public const string IdentifyType = "AttributesUpdated";

    /// <summary>Maps a call; returns null (with errors naming the call's index and field) when it cannot be taken.</summary>
    public static JsonObject? Map(
        JsonElement call, string? routeType, int index, DateTimeOffset? batchSentAt, JsonElement? batchContext,
        DateTimeOffset receivedAt, List<ValidationError> errors)
    {
        var before = errors.Count;
        if (call.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(index, "", "each call must be a JSON object"));
            return null;
        }

        var size = JsonMarshal.GetRawUtf8Value(call).Length;
        if (size > MaxCallBytes)
        {
            errors.Add(new ValidationError(index, "", $"the call is {size} bytes; the limit is {MaxCallBytes}"));
            return null;
        }

        var callType = routeType ?? ReadString(call, "type")?.ToLowerInvariant();
        if (callType is null || !TrackingCallType.All.Contains(callType))
        {
            errors.Add(new ValidationError(index, "type", "must be one of track, identify, page, screen, group, alias"));
            return null;
        }

        var identities = new JsonObject();
        AddIdentity(call, "userId", identities, index, errors);
        AddIdentity(call, "anonymousId", identities, index, errors);
        if (callType == TrackingCallType.Alias)
        {
            AddAliasIdentities(call, identities, index, errors);
        }
        else if (identities.Count == 0)
        {
            errors.Add(new ValidationError(index, "userId", "userId or anonymousId is required"));
        }

        var context = call.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object ? c : batchContext;
        AddContactPoints(callType == TrackingCallType.Identify ? call : default, context, identities);

        var attributes = new JsonObject();
        var type = callType switch
        {
            TrackingCallType.Track => MapTrack(call, attributes, index, errors),
            TrackingCallType.Identify => MapIdentify(call, context, attributes),
            TrackingCallType.Page => MapPage(call, attributes),
            TrackingCallType.Screen => MapScreen(call, attributes),
            TrackingCallType.Group => MapGroup(call, attributes, index, errors),
            _ => AliasType,
        };
        if (context is { ValueKind: JsonValueKind.Object } kept)
        {
            attributes["context"] = JsonNode.Parse(kept.GetRawText());
        }

        var occurredAt = TrackingTimestamps.Resolve(call, batchSentAt, receivedAt, index, errors);
        if (errors.Count > before || type is null || occurredAt is null)
        {
            return null;
        }

        return new JsonObject
        {
            ["eventId"] = EventId(call),
            ["type"] = type,
            ["occurredAt"] = occurredAt.Value.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["identities"] = identities,
            ["attributes"] = attributes,
        };
    }

    // A call without a messageId is keyed by its content, so a client's retry of it is still one event.
    private static string EventId(JsonElement call)
    {
        var messageId = ReadString(call, "messageId");
        if (messageId is { Length: > 0 and <= EventValidator.MaxEventIdLength } && !messageId.Any(char.IsControl))
        {
            return messageId;
        }

        var hash = SHA256.HashData(JsonMarshal.GetRawUtf8Value(call));
        return "seg-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    private static string? MapTrack(JsonElement call, JsonObject attributes, int index, List<ValidationError> errors)
    {
        var name = ReadString(call, "event");
        var type = name is null ? null : TrackedEventNames.ToType(name);
        if (type is null)
        {
            errors.Add(new ValidationError(index, "event", "is required: the name of the tracked action"));
            return null;
        }

        CopyObject(call, "properties", attributes);
        attributes["event"] = name;
        return type;
    }

    // RudderStack's JavaScript SDK sends an identify's traits only as context.traits.
    private static string MapIdentify(JsonElement call, JsonElement? context, JsonObject attributes)
    {
        if (call.TryGetProperty("traits", out var traits) && traits.ValueKind == JsonValueKind.Object)
        {
            CopyObject(call, "traits", attributes);
        }
        else if (context is { ValueKind: JsonValueKind.Object } holder)
        {
            CopyObject(holder, "traits", attributes);
        }

        return IdentifyType;
    }

    private static string MapPage(JsonElement call, JsonObject attributes)
    {
        CopyObject(call, "properties", attributes);
        CopyString(call, "name", attributes, "pageName");
        CopyString(call, "category", attributes, "pageCategory");
        if (attributes["url"] is JsonValue url && !attributes.ContainsKey("pageUrl"))
        {
            attributes["pageUrl"] = url.DeepClone();
        }

        return "WebsiteVisited";
    }

    private static string MapScreen(JsonElement call, JsonObject attributes)
    {
        CopyObject(call, "properties", attributes);
        CopyString(call, "name", attributes, "screenName");
        return "AppEngagement";
    }

    private static string? MapGroup(JsonElement call, JsonObject attributes, int index, List<ValidationError> errors)
    {
        var groupId = ReadIdText(call, "groupId");
        if (groupId is null)
        {
            errors.Add(new ValidationError(index, "groupId", "is required"));
            return null;
        }

        attributes["groupId"] = groupId;
        var traits = new JsonObject();
        CopyObject(call, "traits", traits);
        attributes["traits"] = traits;
        return GroupType;
    }

    // previousId is the identifier the person had before: an anonymousId as Segment's clients send it.
    private static void AddAliasIdentities(JsonElement call, JsonObject identities, int index, List<ValidationError> errors)
    {
        var previous = ReadIdText(call, "previousId");
        if (previous is null)
        {
            errors.Add(new ValidationError(index, "previousId", "is required"));
        }
        else if (!identities.ContainsKey("userId"))
        {
            errors.Add(new ValidationError(index, "userId", "is required"));
        }
        else
        {
            identities["anonymousId"] = previous;
        }
    }

    // RudderStack's JavaScript SDK sends "userId":"" for a visitor not yet identified: no id, as null would be.
    private static void AddIdentity(JsonElement call, string field, JsonObject identities, int index, List<ValidationError> errors)
    {
        if (!call.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null
            || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0))
        {
            return;
        }

        var text = ReadIdText(call, field);
        if (text is null)
        {
            errors.Add(new ValidationError(index, field, "must be a non-empty string or number"));
            return;
        }

        identities[field] = text;
    }

    // Segment's clients put a known person's email and phone among the traits; they are contact points too.
    private static void AddContactPoints(JsonElement traitsHolder, JsonElement? context, JsonObject identities)
    {
        foreach (var source in new[] { Traits(traitsHolder), context is { } c ? Traits(c) : default })
        {
            if (source.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var field in (ReadOnlySpan<string>)["email", "phone"])
            {
                if (!identities.ContainsKey(field) && ReadString(source, field) is { Length: > 0 } value)
                {
                    identities[field] = value;
                }
            }
        }

        static JsonElement Traits(JsonElement holder) =>
            holder.ValueKind == JsonValueKind.Object && holder.TryGetProperty("traits", out var t) ? t : default;
    }

    private static void CopyObject(JsonElement call, string field, JsonObject into)
    {
        if (call.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                into[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }
    }

    private static void CopyString(JsonElement call, string field, JsonObject into, string name)
    {
        if (ReadString(call, field) is { } text)
        {
            into[name] = text;
        }
    }

    private static string? ReadString(JsonElement holder, string field) =>
        holder.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? ReadIdText(JsonElement holder, string field) =>
        holder.TryGetProperty(field, out var value) switch
        {
            true when value.ValueKind == JsonValueKind.String && value.GetString()!.Trim().Length > 0 => value.GetString()!.Trim(),
            true when value.ValueKind == JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
}
