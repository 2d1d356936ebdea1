using System.Globalization;
using System.Text.Json;

namespace EngagementGrains.Gateway.Profiles;

/// <summary>The API's JSON conventions: UTC timestamps to the millisecond, and stored JSON passed through as it is.</summary>
public static class ApiJson
{
    public static string Timestamp(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>A stored JSON value (an attribute, a measure value, a definition), written back exactly as stored.</summary>
    public static JsonElement Element(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Entries in ordinal key order, so every answer lists them the same way.</summary>
    public static IReadOnlyDictionary<string, TValue> Ordered<TSource, TValue>(
        IEnumerable<KeyValuePair<string, TSource>> entries, Func<TSource, TValue> value) =>
        new SortedDictionary<string, TValue>(entries.ToDictionary(e => e.Key, e => value(e.Value), StringComparer.Ordinal), StringComparer.Ordinal);
}
