using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EngagementGrains.Core.Destinations;

/// <summary>The JSON body of a segment webhook, and its id: the same for every attempt at the same change.</summary>
public static class SegmentChangePayload
{
    /// <summary><c>{segment}:{position}</c>: stable per change, so receivers deduplicate retries and re-deliveries.</summary>
    public static string WebhookId(string segment, long position) =>
        string.Create(CultureInfo.InvariantCulture, $"{segment}:{position}");

    /// <summary><c>{"type","segment","individualId","at","position"}</c>, with <c>type</c> <c>segment.enter</c> or <c>segment.exit</c>.</summary>
    public static string Body(string segment, string individualId, bool entered, DateTimeOffset at, long position)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", entered ? "segment.enter" : "segment.exit");
            json.WriteString("segment", segment);
            json.WriteString("individualId", individualId);
            json.WriteString("at", at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteNumber("position", position);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
