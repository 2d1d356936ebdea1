using System.Text.Json;
using System.Text.Json.Nodes;

namespace EngagementGrains.Core.Sources;

/// <summary>A source record's fields, found by name whatever the casing or Data 360 decoration.</summary>
internal sealed class SourceRecord
{
    private readonly Dictionary<string, JsonProperty> _fields = new(StringComparer.Ordinal);

    public SourceRecord(JsonElement record)
    {
        Element = record;
        foreach (var property in record.EnumerateObject())
        {
            _fields.TryAdd(SourceFieldNames.Key(property.Name), property);
        }
    }

    public JsonElement Element { get; }

    /// <summary>The record's fields in their order, without OData annotations (<c>@odata.etag</c>).</summary>
    public IEnumerable<JsonProperty> Fields =>
        Element.EnumerateObject().Where(p => !p.Name.Contains('@', StringComparison.Ordinal));

    public bool Has(string name) => _fields.ContainsKey(SourceFieldNames.Key(name));

    /// <summary>The first of <paramref name="names"/> present and not null, with the name it was found under.</summary>
    public bool TryGet(out JsonProperty found, params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (_fields.TryGetValue(SourceFieldNames.Key(name), out found) && found.Value.ValueKind != JsonValueKind.Null)
            {
                return true;
            }
        }

        found = default;
        return false;
    }

    /// <summary>The first of <paramref name="names"/> holding non-blank text (numbers as written); null when none does.</summary>
    public string? Text(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (_fields.TryGetValue(SourceFieldNames.Key(name), out var property) && AsText(property.Value) is { } text)
            {
                return text;
            }
        }

        return null;
    }

    public static string? AsText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString()!.Trim(),
        JsonValueKind.Number => value.GetRawText(),
        _ => null,
    };

    public static JsonNode? Copy(JsonElement value) => JsonNode.Parse(value.GetRawText());
}
