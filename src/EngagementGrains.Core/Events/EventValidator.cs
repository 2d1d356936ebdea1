using EngagementGrains.Core.Time;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Identity;

namespace EngagementGrains.Core.Events;

/// <summary>
/// Checks canonical events against the contract and the catalog, collecting every error so a sender
/// can fix a whole request at once; produces normalised events only when all of them are valid.
/// </summary>
public sealed partial class EventValidator(EventCatalog catalog, IdentityNormalizer identities, EventLimits limits, EngagementClock time)
{
    public const int MaxEventIdLength = 128;

    private static readonly HashSet<string> s_topLevel =
        ["eventId", "type", "occurredAt", "individualId", "identities", "channel", "attributes"];

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.:-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex TypeName();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9_.:@+-]{0,127}$", RegexOptions.CultureInvariant)]
    public static partial Regex IndividualIdPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9_-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex ChannelName();

    public EventLimits Limits => limits;

    /// <summary>Validates a request body: one event object or an array of them.</summary>
    public IReadOnlyList<IncomingEvent> ValidateRequest(JsonElement root, List<ValidationError> errors)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Object:
                var single = Validate(root, 0, errors);
                return single is null ? [] : [single];
            case JsonValueKind.Array:
                var count = root.GetArrayLength();
                if (count == 0)
                {
                    errors.Add(new ValidationError(0, "", "the request holds no events"));
                    return [];
                }

                var events = new List<IncomingEvent>(count);
                var index = 0;
                foreach (var element in root.EnumerateArray())
                {
                    var valid = Validate(element, index++, errors);
                    if (valid is not null)
                    {
                        events.Add(valid);
                    }
                }

                return events;
            default:
                errors.Add(new ValidationError(0, "", "the body must be an event object or an array of events"));
                return [];
        }
    }

    /// <summary>Validates one event; returns null (and adds errors) when it is invalid.</summary>
    public IncomingEvent? Validate(JsonElement element, int index, List<ValidationError> errors)
    {
        var before = errors.Count;
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(index, "", "each event must be a JSON object"));
            return null;
        }

        var size = JsonMarshal.GetRawUtf8Value(element).Length;
        if (size > limits.MaxEventBytes)
        {
            errors.Add(new ValidationError(index, "", $"the event is {size} bytes; the limit is {limits.MaxEventBytes}"));
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!s_topLevel.Contains(property.Name))
            {
                errors.Add(new ValidationError(index, property.Name, "is not a field of the event envelope"));
            }
        }

        var eventId = ReadEventId(element, index, errors);
        var type = ReadType(element, index, errors);
        var occurredAt = ReadOccurredAt(element, index, errors);
        var beforeWho = errors.Count;
        var individualId = ReadIndividualId(element, index, errors);
        var eventIdentities = ReadIdentities(element, index, errors);

        // Both absent, or both null: nobody to apply the event to (a bad value of either has its own error).
        if (individualId is null && eventIdentities is null && errors.Count == beforeWho)
        {
            errors.Add(new ValidationError(index, "individualId", "individualId or identities is required"));
        }

        var definition = type is null ? null : catalog.Find(type);
        var channel = ReadChannel(element, index, errors) ?? definition?.Channel ?? EventCatalog.CustomChannel;
        var attributes = "{}";
        if (element.TryGetProperty("attributes", out var attributesElement))
        {
            if (attributesElement.ValueKind == JsonValueKind.Object)
            {
                attributes = AttributeCoercion.Write(attributesElement, definition, index, errors, limits);
            }
            else if (attributesElement.ValueKind != JsonValueKind.Null)
            {
                errors.Add(new ValidationError(index, "attributes", "must be an object"));
            }
        }

        if (errors.Count > before || eventId is null || type is null || occurredAt is null)
        {
            return null;
        }

        return new IncomingEvent(individualId, new EngagementEvent
        {
            EventId = eventId,
            Type = type,
            OccurredAt = occurredAt.Value,
            Channel = channel,
            Identities = eventIdentities,
            AttributesJson = attributes,
        });
    }

    private static string? ReadEventId(JsonElement element, int index, List<ValidationError> errors)
    {
        if (!element.TryGetProperty("eventId", out var value))
        {
            errors.Add(new ValidationError(index, "eventId", "is required"));
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        if (text is null || text.Length is 0 or > MaxEventIdLength || text.Any(char.IsControl))
        {
            errors.Add(new ValidationError(index, "eventId", $"must be a string of 1 to {MaxEventIdLength} printable characters"));
            return null;
        }

        return text;
    }

    private static string? ReadType(JsonElement element, int index, List<ValidationError> errors)
    {
        if (!element.TryGetProperty("type", out var value))
        {
            errors.Add(new ValidationError(index, "type", "is required"));
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        if (text is null || !TypeName().IsMatch(text))
        {
            errors.Add(new ValidationError(index, "type",
                "must be a catalog type name or a custom name matching ^[A-Za-z][A-Za-z0-9_.:-]{0,127}$"));
            return null;
        }

        return text;
    }

    private DateTimeOffset? ReadOccurredAt(JsonElement element, int index, List<ValidationError> errors)
    {
        if (!element.TryGetProperty("occurredAt", out var value))
        {
            errors.Add(new ValidationError(index, "occurredAt", "is required"));
            return null;
        }

        var instant = EventTimestamps.Read(value, out var error);
        if (instant is null)
        {
            errors.Add(new ValidationError(index, "occurredAt", error!));
            return null;
        }

        var latest = time.GetUtcNow() + limits.MaxFutureSkew;
        if (instant > latest)
        {
            errors.Add(new ValidationError(index, "occurredAt",
                $"is more than {limits.MaxFutureSkew.TotalHours:0} hours in the future"));
            return null;
        }

        return instant;
    }

    private static string? ReadIndividualId(JsonElement element, int index, List<ValidationError> errors)
    {
        if (!element.TryGetProperty("individualId", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        if (text is null || !IndividualIdPattern().IsMatch(text))
        {
            errors.Add(new ValidationError(index, "individualId",
                "must be 1 to 128 characters of letters, digits and _.:@+- starting with a letter or digit"));
            return null;
        }

        return text;
    }

    private Dictionary<string, string>? ReadIdentities(JsonElement element, int index, List<ValidationError> errors)
    {
        if (!element.TryGetProperty("identities", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(index, "identities", "must be an object of identity type to value"));
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            var field = "identities." + property.Name;
            if (!identities.IsKnownType(property.Name))
            {
                errors.Add(new ValidationError(index, field,
                    $"is not an identity type (known: {string.Join(", ", identities.Types.Order(StringComparer.Ordinal))})"));
                continue;
            }

            if (property.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new ValidationError(index, field, "must be a string"));
                continue;
            }

            var normalized = IdentityNormalizer.Normalize(property.Name, property.Value.GetString()!, out var error);
            if (normalized is null)
            {
                errors.Add(new ValidationError(index, field, error!));
                continue;
            }

            result[property.Name] = normalized;
        }

        if (result.Count == 0 && value.EnumerateObject().Any() is false)
        {
            errors.Add(new ValidationError(index, "identities", "must hold at least one contact point"));
        }

        return result.Count == 0 ? null : result;
    }

    private static string? ReadChannel(JsonElement element, int index, List<ValidationError> errors)
    {
        if (!element.TryGetProperty("channel", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : null;
        if (text is null || !ChannelName().IsMatch(text))
        {
            errors.Add(new ValidationError(index, "channel", "must be a lower-case name of up to 32 characters (e.g. email, sms)"));
            return null;
        }

        return text;
    }
}
