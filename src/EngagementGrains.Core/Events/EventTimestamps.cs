using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EngagementGrains.Core.Events;

/// <summary>Reads the timestamps the contract accepts: ISO-8601 with an offset, or epoch milliseconds.</summary>
public static partial class EventTimestamps
{
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|z|[+-]\d{2}(:?\d{2})?)$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithOffset();

    /// <summary>Reads a timestamp, truncated to milliseconds; on failure returns null and says why.</summary>
    public static DateTimeOffset? Read(JsonElement value, out string? error)
    {
        error = null;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetInt64(out var ms):
                return FromEpochMs(ms, out error);
            case JsonValueKind.Number:
                error = "must be whole epoch milliseconds";
                return null;
            case JsonValueKind.String:
                return Parse(value.GetString()!, out error);
            default:
                error = "must be an ISO-8601 string or epoch milliseconds";
                return null;
        }
    }

    /// <summary>Reads a timestamp written as text (a query parameter, a JSON string); on failure returns null and says why.</summary>
    public static DateTimeOffset? Parse(string text, out string? error)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var textMs))
        {
            return FromEpochMs(textMs, out error);
        }

        if (!IsoWithOffset().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            error = "must be an ISO-8601 date-time with an offset (e.g. 2026-11-20T10:15:00Z) or epoch milliseconds";
            return null;
        }

        return FromEpochMs(parsed.ToUnixTimeMilliseconds(), out error);
    }

    private static DateTimeOffset? FromEpochMs(long ms, out string? error)
    {
        error = null;
        if (ms < 0 || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            error = "is out of range";
            return null;
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }
}
