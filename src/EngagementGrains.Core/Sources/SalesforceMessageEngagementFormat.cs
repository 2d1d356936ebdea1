using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Identity;

namespace EngagementGrains.Core.Sources;

/// <summary>Salesforce Unified Messaging <c>MessageEngagement</c> DMO records (SMS engagement), as an array or <c>{"records":[...]}</c>.</summary>
/// <remarks>
/// Each record has <c>EventID</c> (the event id, unchanged: it is the idempotency key),
/// <c>EventDateTime</c> (occurredAt), <c>EventType</c> (SENT, NOT_SENT, SUBSCRIBE, UNSUBSCRIBE,
/// CONFIRMATION, HELP, CLICK, UNDELIVERED; any casing, <c>Not_Sent</c> or <c>NotSent</c>), and the
/// per-type fields. Field names match whatever their casing, and with the Data 360 API decorations
/// (<c>ssot__</c>, <c>__c</c>). The phone (first of <c>RecipientPhoneNumber</c> or the documented
/// misspelling <c>RecpientPhoneNumber</c>, <c>RecipientPhone</c>, <c>ContactPointPhoneNumber</c>,
/// <c>MOPhoneNumber</c>) becomes <c>identities.phone</c>; <c>IndividualID</c> becomes the individual id
/// when it has the contract's form. Every other field lands in attributes under its camelCase name
/// (<c>LinkURL</c> as <c>linkUrl</c>), which are the catalog's field names.
/// NOT_SENT maps to <c>NotSent</c>, not the Journeys <c>SmsNotSent</c>: <c>NotSent</c> carries this DMO's
/// fields (bulk message, delivery error text and code), while <c>SmsNotSent</c> carries the Journeys ones.
/// </remarks>
public sealed class SalesforceMessageEngagementFormat : ISourceFormat
{
    private static readonly FrozenDictionary<string, string> s_types = new Dictionary<string, string>
    {
        ["sent"] = "SmsSent",
        ["notsent"] = "NotSent",
        ["subscribe"] = "Subscribe",
        ["unsubscribe"] = "Unsubscribe",
        ["confirmation"] = "Confirmation",
        ["help"] = "Help",
        ["click"] = "SmsLinkClicked",
        ["undelivered"] = "Undelivered",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly string[] s_phoneFields =
        ["RecipientPhoneNumber", "RecpientPhoneNumber", "RecipientPhone", "ContactPointPhoneNumber", "MOPhoneNumber"];

    // Keys of fields the envelope carries, so they are not repeated as attributes.
    private static readonly FrozenSet<string> s_envelopeFields =
        new[] { "EventID", "EventType" }.Select(SourceFieldNames.Key).ToFrozenSet(StringComparer.Ordinal);

    // The datetime fields the catalog types carry; normalised so the validator reads what Salesforce writes.
    private static readonly FrozenSet<string> s_timestampFields =
        new[] { "EventDateTime", "CreatedTime" }.Select(SourceFieldNames.Key).ToFrozenSet(StringComparer.Ordinal);

    public const string RouteName = "salesforce-message-engagement";

    /// <summary>The source type names this format knows, and the catalog types they become.</summary>
    public static IReadOnlyDictionary<string, string> TypeMap => s_types;

    public string Name => RouteName;

    public IReadOnlyList<SourceEvent> Map(JsonElement body, List<ValidationError> errors) =>
        SourceBody.MapEach(body, "records", "an array of MessageEngagement records or {\"records\":[...]}", errors, MapRecord);

    private static JsonObject? MapRecord(JsonElement element, int index, List<ValidationError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(index, "", "each MessageEngagement record must be a JSON object"));
            return null;
        }

        var before = errors.Count;
        var record = new SourceRecord(element);
        var eventId = record.Text("EventID");
        if (eventId is null)
        {
            errors.Add(new ValidationError(index, "EventID", "is required"));
        }

        var type = ReadType(record, index, errors);
        var occurredAt = ReadTimestamp(record, "EventDateTime", index, errors);
        var identities = new Dictionary<string, string>(StringComparer.Ordinal);
        var individualId = ReadIdentity(record, identities, index, errors);
        var attributes = ReadAttributes(record, index, errors);
        if (errors.Count > before || eventId is null || type is null || occurredAt is null)
        {
            return null;
        }

        return CanonicalEvent.Create(eventId, type, occurredAt, individualId, identities, attributes);
    }

    private static string? ReadType(SourceRecord record, int index, List<ValidationError> errors)
    {
        var text = record.Text("EventType");
        if (text is null)
        {
            errors.Add(new ValidationError(index, "EventType", "is required"));
            return null;
        }

        if (!s_types.TryGetValue(SourceFieldNames.Key(text), out var type))
        {
            errors.Add(new ValidationError(index, "EventType",
                $"'{text}' is not a MessageEngagement event type (SENT, NOT_SENT, SUBSCRIBE, UNSUBSCRIBE, CONFIRMATION, HELP, CLICK, UNDELIVERED)"));
            return null;
        }

        return type;
    }

    private static string? ReadTimestamp(SourceRecord record, string field, int index, List<ValidationError> errors)
    {
        if (!record.TryGet(out var property, field))
        {
            errors.Add(new ValidationError(index, field, "is required"));
            return null;
        }

        var instant = SourceTimestamps.Read(property.Value, out var error);
        if (instant is null)
        {
            errors.Add(new ValidationError(index, field, error!));
        }

        return instant;
    }

    private static string? ReadIdentity(SourceRecord record, Dictionary<string, string> identities, int index, List<ValidationError> errors)
    {
        var phoneGiven = false;
        foreach (var field in s_phoneFields)
        {
            if (record.Text(field) is { } phone)
            {
                ContactPoints.Add(identities, IdentityTypes.Phone, phone, index, field, errors);
                phoneGiven = true;
                break;
            }
        }

        // A Salesforce id outside the contract's form still identifies nobody here; the phone must then do.
        var individual = record.Text("IndividualID");
        var individualId = individual is not null && EventValidator.IndividualIdPattern().IsMatch(individual) ? individual : null;
        if (individualId is null && !phoneGiven)
        {
            errors.Add(new ValidationError(index, "RecipientPhoneNumber",
                individual is null
                    ? "a recipient phone number (or IndividualID) is required"
                    : "is required when IndividualID is not an individual id (letters, digits and _.:@+-)"));
        }

        return individualId;
    }

    private static JsonObject ReadAttributes(SourceRecord record, int index, List<ValidationError> errors)
    {
        var attributes = new JsonObject();
        foreach (var field in record.Fields)
        {
            var key = SourceFieldNames.Key(field.Name);
            if (s_envelopeFields.Contains(key))
            {
                continue;
            }

            var name = key == "recpientphonenumber" ? "recipientPhoneNumber" : SourceFieldNames.CamelCase(field.Name);
            if (s_timestampFields.Contains(key) && field.Value.ValueKind != JsonValueKind.Null)
            {
                var instant = SourceTimestamps.Read(field.Value, out var error);
                if (instant is null)
                {
                    // EventDateTime's error is reported once, as the occurredAt it becomes.
                    if (key != SourceFieldNames.Key("EventDateTime"))
                    {
                        errors.Add(new ValidationError(index, field.Name, error!));
                    }

                    continue;
                }

                attributes[name] = instant;
                continue;
            }

            attributes[name] = SourceRecord.Copy(field.Value);
        }

        return attributes;
    }
}
