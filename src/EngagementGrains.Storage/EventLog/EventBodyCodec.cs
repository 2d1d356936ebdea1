using System.Buffers;
using System.Text;
using System.Text.Json;
using EngagementGrains.Abstractions.Events;

namespace EngagementGrains.Storage.EventLog;

/// <summary>
/// The compact JSON body of a log row: what the row's columns do not already hold
/// (channel, identities, attributes, conflicts), with one-letter names to keep rows small.
/// </summary>
public static class EventBodyCodec
{
    public static string Encode(EngagementEvent e)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + e.AttributesJson.Length);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("c", e.Channel);
            if (e.Identities is { Count: > 0 })
            {
                writer.WriteStartObject("i");
                foreach (var (type, value) in e.Identities)
                {
                    writer.WriteString(type, value);
                }

                writer.WriteEndObject();
            }

            if (e.AttributesJson != "{}")
            {
                writer.WritePropertyName("a");
                writer.WriteRawValue(e.AttributesJson, skipInputValidation: true);
            }

            if (e.ConflictingIdentities is { Count: > 0 })
            {
                writer.WriteStartArray("x");
                foreach (var key in e.ConflictingIdentities)
                {
                    writer.WriteStringValue(key);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static EngagementEvent Decode(string eventId, string type, long occurredAtMs, string body)
    {
        using var document = JsonDocument.Parse(body);
        var root = document.RootElement;
        Dictionary<string, string>? identities = null;
        if (root.TryGetProperty("i", out var i))
        {
            identities = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in i.EnumerateObject())
            {
                identities[property.Name] = property.Value.GetString()!;
            }
        }

        return new EngagementEvent
        {
            EventId = eventId,
            Type = type,
            OccurredAt = DateTimeOffset.FromUnixTimeMilliseconds(occurredAtMs),
            Channel = root.GetProperty("c").GetString()!,
            Identities = identities,
            AttributesJson = root.TryGetProperty("a", out var a) ? a.GetRawText() : "{}",
            ConflictingIdentities = root.TryGetProperty("x", out var x)
                ? x.EnumerateArray().Select(k => k.GetString()!).ToArray()
                : null,
        };
    }
}
