using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Identity;

namespace EngagementGrains.Core.Sources;

/// <summary>Dynamics 365 Customer Insights – Journeys interaction records, as an array or OData's <c>{"value":[...]}</c>.</summary>
/// <remarks>
/// <para>The body is an array of records or <c>{"value":[...]}</c>, the page the Dataverse and Customer
/// Insights OData APIs return. A record (field names in any casing; OData annotations such as
/// <c>@odata.etag</c> are ignored):</para>
/// <list type="bullet">
/// <item><c>interactionName</c> or <c>interactionType</c>: the interaction (<c>EmailOpened</c>,
/// <c>SmsSent</c>, <c>FormSubmitted</c>, <c>EventCheckIn</c>, <c>JourneyEventCompleted</c>,
/// <c>WebsiteVisited</c>…), matched case-insensitively to the catalog type of the same name.</item>
/// <item><c>interactionId</c>, <c>internalMarketingInteractionId</c> or <c>id</c>: the event id, unchanged.</item>
/// <item><c>timestamp</c> or <c>createdOn</c>: occurredAt (ISO-8601 with an offset, or epoch milliseconds).</item>
/// <item>Who, at least one of: <c>contactId</c> (identities.contactId), <c>leadId</c> (identities.leadId),
/// <c>customerId</c>, <c>profileId</c> with <c>profileType</c> (<c>contact</c> → contactId, <c>lead</c> →
/// leadId, anything else, such as a Customer Insights profile, → customerId), <c>email</c> or
/// <c>emailAddress</c> (identities.email), <c>phone</c> or <c>phoneNumber</c> (identities.phone),
/// <c>deviceId</c> (identities.deviceId, for push).</item>
/// <item>Everything else becomes an attribute under its camelCase name: the catalog's <c>journeyId</c>
/// (also read from <c>customerJourneyId</c>), <c>messageId</c>, <c>campaignId</c>, <c>linkUrl</c>,
/// <c>linkId</c>, <c>emailClient</c>, <c>reason</c>, <c>errorCode</c>, <c>formId</c>, <c>pageUrl</c>,
/// <c>websiteId</c>, <c>referrer</c>, <c>marketingEventId</c>, <c>registrationId</c>, <c>sessionId</c>,
/// <c>surveyId</c>, <c>questionId</c>, <c>answer</c>, <c>channelDefinitionId</c>, <c>callId</c>, and any
/// other field as sent. <c>profileId</c>, <c>profileType</c>, <c>emailAddress</c>, <c>phoneNumber</c> and
/// <c>deviceId</c> are kept as attributes too, since the catalog's interaction types name them.</item>
/// </list>
/// </remarks>
public sealed class DynamicsInteractionsFormat : ISourceFormat
{
    public const string RouteName = "dynamics-interactions";
    private const string Family = "journeys";

    private static readonly string[] s_nameFields = ["interactionName", "interactionType"];
    private static readonly string[] s_idFields = ["interactionId", "internalMarketingInteractionId", "id"];
    private static readonly string[] s_timeFields = ["timestamp", "createdOn"];

    // Fields the envelope carries (type, id, time, identities), so they are not repeated as attributes.
    private static readonly FrozenSet<string> s_envelopeFields =
        s_nameFields.Concat(s_idFields).Concat(s_timeFields).Concat(["contactId", "leadId", "customerId"])
            .Select(SourceFieldNames.Key).ToFrozenSet(StringComparer.Ordinal);

    // Source spellings of the catalog's Journeys field names.
    private static readonly FrozenDictionary<string, string> s_renamed = new Dictionary<string, string>
    {
        [SourceFieldNames.Key("email")] = "emailAddress",
        [SourceFieldNames.Key("phone")] = "phoneNumber",
        [SourceFieldNames.Key("customerJourneyId")] = "journeyId",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly FrozenDictionary<string, string> _interactions;

    public DynamicsInteractionsFormat(EventCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        _interactions = catalog.Types.Where(t => t.Family == Family)
            .ToFrozenDictionary(t => t.Name, t => t.Name, StringComparer.OrdinalIgnoreCase);
    }

    public string Name => RouteName;

    public IReadOnlyList<SourceEvent> Map(JsonElement body, List<ValidationError> errors) =>
        SourceBody.MapEach(body, "value", "an array of interaction records or {\"value\":[...]}", errors, MapRecord);

    private JsonObject? MapRecord(JsonElement element, int index, List<ValidationError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(index, "", "each interaction record must be a JSON object"));
            return null;
        }

        var before = errors.Count;
        var record = new SourceRecord(element);
        var type = ReadType(record, index, errors);
        var eventId = record.Text(s_idFields);
        if (eventId is null)
        {
            errors.Add(new ValidationError(index, "interactionId", "is required"));
        }

        var occurredAt = ReadTimestamp(record, index, errors);
        var identities = ReadIdentities(record, index, errors);
        if (errors.Count > before || eventId is null || type is null || occurredAt is null)
        {
            return null;
        }

        return CanonicalEvent.Create(eventId, type, occurredAt, null, identities, ReadAttributes(record));
    }

    private string? ReadType(SourceRecord record, int index, List<ValidationError> errors)
    {
        var name = record.Text(s_nameFields);
        if (name is null)
        {
            errors.Add(new ValidationError(index, "interactionName", "is required"));
            return null;
        }

        if (!_interactions.TryGetValue(name, out var type))
        {
            errors.Add(new ValidationError(index, "interactionName", $"'{name}' is not a Customer Insights - Journeys interaction"));
            return null;
        }

        return type;
    }

    private static string? ReadTimestamp(SourceRecord record, int index, List<ValidationError> errors)
    {
        if (!record.TryGet(out var property, s_timeFields))
        {
            errors.Add(new ValidationError(index, "timestamp", "is required"));
            return null;
        }

        var instant = SourceTimestamps.Read(property.Value, out var error);
        if (instant is null)
        {
            errors.Add(new ValidationError(index, property.Name, error!));
        }

        return instant;
    }

    private static Dictionary<string, string> ReadIdentities(SourceRecord record, int index, List<ValidationError> errors)
    {
        var before = errors.Count;
        var identities = new Dictionary<string, string>(StringComparer.Ordinal);
        AddFrom(record, identities, "contactId", "contactId", index, errors);
        AddFrom(record, identities, "leadId", "leadId", index, errors);
        AddFrom(record, identities, "customerId", "customerId", index, errors);
        if (record.Text("profileId") is { } profileId)
        {
            var type = ProfileIdentityType(record.Text("profileType"));
            if (!identities.ContainsKey(type))
            {
                ContactPoints.Add(identities, type, profileId, index, "profileId", errors);
            }
        }

        AddFrom(record, identities, IdentityTypes.Email, "email", index, errors, "emailAddress");
        AddFrom(record, identities, IdentityTypes.Phone, "phone", index, errors, "phoneNumber");
        AddFrom(record, identities, "deviceId", "deviceId", index, errors);
        if (identities.Count == 0 && errors.Count == before)
        {
            errors.Add(new ValidationError(index, "contactId",
                "a contactId, leadId, profileId, customerId, email, phone or deviceId is required"));
        }

        return identities;
    }

    private static void AddFrom(
        SourceRecord record, Dictionary<string, string> identities, string type, string field, int index,
        List<ValidationError> errors, string? alias = null)
    {
        if (record.TryGet(out var property, field, alias ?? field) && SourceRecord.AsText(property.Value) is { } value)
        {
            ContactPoints.Add(identities, type, value, index, property.Name, errors);
        }
    }

    // Journeys profiles are contacts, leads, or Customer Insights - Data profiles (msdynci_customerprofile).
    private static string ProfileIdentityType(string? profileType) => profileType?.ToUpperInvariant() switch
    {
        "CONTACT" => "contactId",
        "LEAD" => "leadId",
        _ => "customerId",
    };

    private static JsonObject ReadAttributes(SourceRecord record)
    {
        var attributes = new JsonObject();
        foreach (var field in record.Fields)
        {
            var key = SourceFieldNames.Key(field.Name);
            if (s_envelopeFields.Contains(key))
            {
                continue;
            }

            var name = s_renamed.GetValueOrDefault(key) ?? SourceFieldNames.CamelCase(field.Name);
            if (!attributes.ContainsKey(name))
            {
                attributes[name] = SourceRecord.Copy(field.Value);
            }
        }

        return attributes;
    }
}
