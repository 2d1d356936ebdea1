using System.Collections.Frozen;
using System.Text.Json;

namespace EngagementGrains.Core.Catalog;

/// <summary>The event types the engine ships: names, channels and known fields from the seed systems.</summary>
public sealed class EventCatalog
{
    /// <summary>The channel given to custom (non-catalog) types without a channel of their own.</summary>
    public const string CustomChannel = "custom";

    private const string ResourceName = "EngagementGrains.Core.Catalog.catalog.json";
    private static readonly Lazy<EventCatalog> s_default = new(LoadEmbedded);

    private readonly FrozenDictionary<string, EventTypeDefinition> _types;

    public EventCatalog(IEnumerable<EventTypeDefinition> types, IEnumerable<string> channels)
    {
        _types = types.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
        Channels = channels.ToArray();
    }

    /// <summary>The catalog embedded in this assembly.</summary>
    public static EventCatalog Default => s_default.Value;

    public IReadOnlyList<string> Channels { get; }

    public IEnumerable<EventTypeDefinition> Types => _types.Values.OrderBy(t => t.Name, StringComparer.Ordinal);

    public int Count => _types.Count;

    public EventTypeDefinition? Find(string typeName) => _types.GetValueOrDefault(typeName);

    public static EventCatalog Parse(Stream json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var channels = root.GetProperty("channels").EnumerateArray().Select(c => c.GetString()!).ToList();
        var types = root.GetProperty("types").EnumerateArray().Select(ParseType).ToList();
        return new EventCatalog(types, channels);
    }

    private static EventCatalog LoadEmbedded()
    {
        using var stream = typeof(EventCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded catalog '{ResourceName}' is missing.");
        return Parse(stream);
    }

    private static EventTypeDefinition ParseType(JsonElement type)
    {
        var fields = new Dictionary<string, FieldType>(StringComparer.Ordinal);
        if (type.TryGetProperty("fields", out var fieldsElement))
        {
            foreach (var field in fieldsElement.EnumerateObject())
            {
                fields[field.Name] = Enum.Parse<FieldType>(field.Value.GetString()!, ignoreCase: true);
            }
        }

        ConsentRule? consent = null;
        if (type.TryGetProperty("consent", out var consentElement) && consentElement.ValueKind == JsonValueKind.Object)
        {
            consent = new ConsentRule(
                consentElement.GetProperty("channel").GetString()!,
                consentElement.GetProperty("status").GetString()!);
        }

        var identityFields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (type.TryGetProperty("identityFields", out var identityElement))
        {
            foreach (var field in identityElement.EnumerateObject())
            {
                identityFields[field.Name] = field.Value.GetString()!;
            }
        }

        return new EventTypeDefinition
        {
            Name = type.GetProperty("name").GetString()!,
            Channel = type.GetProperty("channel").GetString()!,
            Family = type.GetProperty("family").GetString()!,
            Description = type.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "",
            Fields = fields,
            SourceNames = type.TryGetProperty("sourceNames", out var s)
                ? s.EnumerateArray().Select(n => n.GetString()!).ToArray()
                : [],
            SetsAttributes = type.TryGetProperty("setsAttributes", out var a) && a.GetBoolean(),
            Consent = consent,
            IdentityFields = identityFields,
        };
    }
}
