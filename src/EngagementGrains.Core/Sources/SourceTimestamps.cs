using System.Globalization;
using System.Text.Json;
using EngagementGrains.Core.Events;

namespace EngagementGrains.Core.Sources;

/// <summary>Reads source timestamps into the contract's ISO-8601 UTC form.</summary>
internal static class SourceTimestamps
{
    /// <summary>Reads an ISO-8601 string (a space instead of the <c>T</c> is accepted) or epoch milliseconds; null when unreadable.</summary>
    public static string? Read(JsonElement value, out string? error) =>
        ReadInstant(value, out error) is { } instant ? Format(instant) : null;

    public static DateTimeOffset? ReadInstant(JsonElement value, out string? error)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            return EventTimestamps.Read(value, out error);
        }

        // Salesforce exports and LivePerson write "2016-08-29 14:30:24.565+0000".
        var text = value.GetString()!.Trim();
        if (text.Length > 10 && text[10] == ' ')
        {
            text = string.Concat(text.AsSpan(0, 10), "T", text.AsSpan(11));
        }

        return EventTimestamps.Parse(text, out error);
    }

    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
