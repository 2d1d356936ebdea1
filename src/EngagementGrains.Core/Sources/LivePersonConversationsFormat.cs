using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Events;

namespace EngagementGrains.Core.Sources;

/// <summary>LivePerson conversation history responses: each conversation becomes events on its consumer.</summary>
/// <remarks>
/// The body is <c>{"conversationHistoryRecords":[...]}</c> (or the bare array). Per record:
/// <c>ConversationStarted</c> from <c>info.startTimeL</c>; <c>ConversationEnded</c> from
/// <c>info.endTimeL</c> once the conversation has ended; <c>ChatMessageSent</c> per message record;
/// and one event per engagement attribute under <c>sdes.events</c> and <c>unAuthSdes.events</c>, of the
/// catalog type whose source name is its <c>sdeType</c> (CUSTOMER_INFO → <c>CustomerInfo</c>…), with the
/// SDE's fields flat in attributes. The consumer is the first of <c>consumerParticipants</c> (the seed
/// example spells it <c>consumerParticipant</c>), else the sender of the first consumer message; SDEs
/// add the contact points the catalog lists for their type (customerId, socialId, imei, email, phone,
/// leadId). Event ids derive from the conversation id, so re-sending an export changes nothing.
/// </remarks>
public sealed class LivePersonConversationsFormat : ISourceFormat
{
    public const string RouteName = "liveperson-conversations";

    private readonly LivePersonSdes _sdes;

    public LivePersonConversationsFormat(EventCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _sdes = new LivePersonSdes(catalog);
    }

    public string Name => RouteName;

    /// <summary>The SDE types (as LivePerson names them) and the catalog types they become.</summary>
    public IReadOnlyDictionary<string, string> SdeTypeMap => _sdes.TypeMap;

    public IReadOnlyList<SourceEvent> Map(JsonElement body, List<ValidationError> errors)
    {
        var records = SourceBody.Records(body, "conversationHistoryRecords",
            "a conversation history response {\"conversationHistoryRecords\":[...]} or an array of its records", errors);
        if (records is null)
        {
            return [];
        }

        var events = new List<SourceEvent>();
        for (var index = 0; index < records.Count; index++)
        {
            var before = errors.Count;
            var conversation = new List<SourceEvent>();
            MapConversation(records[index], index, errors, conversation);
            // A conversation with any error yields nothing, rather than a part of itself.
            if (errors.Count == before)
            {
                events.AddRange(conversation);
            }
        }

        return events;
    }

    private void MapConversation(JsonElement record, int index, List<ValidationError> errors, List<SourceEvent> events)
    {
        if (record.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(index, "", "each conversation history record must be a JSON object"));
            return;
        }

        if (!record.TryGetProperty("info", out var info) || info.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(index, "info", "is required and must be an object"));
            return;
        }

        var conversationId = Text(info, "conversationId");
        if (conversationId is null)
        {
            errors.Add(new ValidationError(index, "info.conversationId", "is required"));
            return;
        }

        var participantId = ConsumerParticipantId(record);
        if (participantId is null)
        {
            errors.Add(new ValidationError(index, "consumerParticipants", "the conversation names no consumer participant"));
            return;
        }

        var identities = new Dictionary<string, string>(StringComparer.Ordinal) { ["participantId"] = participantId };
        var context = ConversationAttributes(record, info, conversationId);
        var started = ReadTime(info, "startTimeL", "startTime", out var startError);
        if (started is null)
        {
            errors.Add(new ValidationError(index, "info.startTime", startError!));
        }
        else
        {
            events.Add(new SourceEvent(index, CanonicalEvent.Create(
                $"lp:{conversationId}:started", "ConversationStarted", started, null, identities, context.DeepClone().AsObject())));
        }

        if (Ended(info, index, errors) is { } ended)
        {
            var attributes = context.DeepClone().AsObject();
            foreach (var name in new[] { "duration", "csatRate", "closeReason", "closeReasonDescription", "status" })
            {
                CopyKnown(info, name, attributes);
            }

            events.Add(new SourceEvent(index, CanonicalEvent.Create(
                $"lp:{conversationId}:ended", "ConversationEnded", ended, null, identities, attributes)));
        }

        MapMessages(record, context, conversationId, identities, index, errors, events);
        _sdes.Map(record, conversationId, participantId, index, errors, events);
    }

    private static void MapMessages(
        JsonElement record, JsonObject context, string conversationId, Dictionary<string, string> identities,
        int index, List<ValidationError> errors, List<SourceEvent> events)
    {
        if (!record.TryGetProperty("messageRecords", out var messages) || messages.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        var position = 0;
        foreach (var message in messages.EnumerateArray())
        {
            var field = $"messageRecords[{position}]";
            if (message.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ValidationError(index, field, "must be an object"));
                position++;
                continue;
            }

            var sentAt = ReadTime(message, "timeL", "time", out var error);
            if (sentAt is null)
            {
                errors.Add(new ValidationError(index, field + ".time", error!));
                position++;
                continue;
            }

            var attributes = context.DeepClone().AsObject();
            CopyKnown(message, "source", attributes);
            CopyKnown(message, "device", attributes);
            CopyKnown(message, "sentBy", attributes);
            CopyKnown(message, "messageId", attributes);
            CopyKnown(message, "dialogId", attributes);
            if (Text(message, "participantId") is { } sender)
            {
                attributes["senderParticipantId"] = sender;
            }

            if (Text(message, "type") is { } contentType)
            {
                attributes["contentType"] = contentType;
            }

            if (message.TryGetProperty("messageData", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("msg", out var msg) && msg.ValueKind == JsonValueKind.Object && Text(msg, "text") is { } text)
            {
                attributes["text"] = text;
            }

            // seq is the message's place in the conversation, stable across exports; the message id is not
            // always unique (the API's example repeats one).
            var sequence = Text(message, "seq") ?? position.ToString(CultureInfo.InvariantCulture);
            events.Add(new SourceEvent(index, CanonicalEvent.Create(
                $"lp:{conversationId}:msg:{sequence}", "ChatMessageSent", sentAt, null, identities, attributes)));
            position++;
        }
    }

    private static string? ConsumerParticipantId(JsonElement record)
    {
        foreach (var name in new[] { "consumerParticipants", "consumerParticipant" })
        {
            if (record.TryGetProperty(name, out var participants) && participants.ValueKind == JsonValueKind.Array)
            {
                foreach (var participant in participants.EnumerateArray())
                {
                    if (participant.ValueKind == JsonValueKind.Object && Text(participant, "participantId") is { } id)
                    {
                        return id;
                    }
                }
            }
        }

        if (record.TryGetProperty("messageRecords", out var messages) && messages.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in messages.EnumerateArray())
            {
                if (message.ValueKind == JsonValueKind.Object
                    && string.Equals(Text(message, "sentBy"), "Consumer", StringComparison.OrdinalIgnoreCase)
                    && Text(message, "participantId") is { } id)
                {
                    return id;
                }
            }
        }

        return null;
    }

    // What every event of the conversation says about it, in the catalog's chat field names.
    private static JsonObject ConversationAttributes(JsonElement record, JsonElement info, string conversationId)
    {
        var attributes = new JsonObject { ["conversationId"] = conversationId };
        if (record.TryGetProperty("campaign", out var campaign) && campaign.ValueKind == JsonValueKind.Object)
        {
            CopyKnown(campaign, "campaignId", attributes);
            CopyKnown(campaign, "campaignName", attributes);
            CopyKnown(campaign, "engagementSource", attributes);
        }

        CopyKnown(info, "latestSkillName", attributes, "skillName");
        CopyKnown(info, "latestAgentId", attributes, "agentId");
        CopyKnown(info, "source", attributes);
        CopyKnown(info, "device", attributes);
        CopyKnown(info, "brandId", attributes);
        CopyKnown(info, "browser", attributes);
        CopyKnown(info, "operatingSystem", attributes);
        return attributes;
    }

    // endTimeL is -1 and endTime "undefined" while the conversation is open.
    private static string? Ended(JsonElement info, int index, List<ValidationError> errors)
    {
        var hasEndL = info.TryGetProperty("endTimeL", out var endL) && endL.ValueKind == JsonValueKind.Number
            && endL.TryGetInt64(out var ms) && ms > 0;
        var hasEnd = Text(info, "endTime") is not null;
        if (!hasEndL && !hasEnd)
        {
            return null;
        }

        var ended = ReadTime(info, "endTimeL", "endTime", out var error);
        if (ended is null)
        {
            errors.Add(new ValidationError(index, "info.endTime", error!));
        }

        return ended;
    }

    private static string? ReadTime(JsonElement holder, string epochName, string textName, out string? error)
    {
        if (holder.TryGetProperty(epochName, out var epoch) && epoch.ValueKind != JsonValueKind.Null
            && !(epoch.ValueKind == JsonValueKind.Number && epoch.TryGetInt64(out var ms) && ms < 0))
        {
            return SourceTimestamps.Read(epoch, out error);
        }

        if (holder.TryGetProperty(textName, out var text) && SourceRecord.AsText(text) is { } written && !ContactPoints.IsPlaceholder(written))
        {
            return SourceTimestamps.Read(text, out error);
        }

        error = "is required";
        return null;
    }

    private static void CopyKnown(JsonElement holder, string name, JsonObject attributes, string? rename = null)
    {
        if (holder.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            && !(value.ValueKind == JsonValueKind.String && ContactPoints.IsPlaceholder(value.GetString()!)))
        {
            attributes[rename ?? name] = SourceRecord.Copy(value);
        }
    }

    private static string? Text(JsonElement holder, string name) =>
        holder.TryGetProperty(name, out var value) && SourceRecord.AsText(value) is { } text && !ContactPoints.IsPlaceholder(text)
            ? text
            : null;
}
