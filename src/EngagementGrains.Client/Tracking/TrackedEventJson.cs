using System.Globalization;
using System.Text.Json;

namespace EngagementGrains.Client.Tracking;

/// <summary>
/// Writes tracked events as the JSON body <c>POST /v1/events</c> takes, so the one validator the HTTP route
/// uses judges them: a frontend and an HTTP sender get the same answers for the same events.
/// </summary>
internal static class TrackedEventJson
{
    public static JsonDocument Write(IReadOnlyList<TrackedEvent> events)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var tracked in events)
            {
                WriteEvent(json, tracked);
            }

            json.WriteEndArray();
        }

        return JsonDocument.Parse(buffer.ToArray());
    }

    private static void WriteEvent(Utf8JsonWriter json, TrackedEvent tracked)
    {
        json.WriteStartObject();
        json.WriteString("eventId", tracked.EventId);
        json.WriteString("type", tracked.Type);
        json.WriteString("occurredAt", tracked.OccurredAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        if (tracked.IndividualId is not null)
        {
            json.WriteString("individualId", tracked.IndividualId);
        }

        if (tracked.Identities is not null)
        {
            json.WriteStartObject("identities");
            foreach (var (type, value) in tracked.Identities)
            {
                json.WriteString(type, value);
            }

            json.WriteEndObject();
        }

        if (tracked.Channel is not null)
        {
            json.WriteString("channel", tracked.Channel);
        }

        if (tracked.Attributes is not null)
        {
            json.WritePropertyName("attributes");
            JsonSerializer.Serialize(json, tracked.Attributes);
        }

        json.WriteEndObject();
    }
}
