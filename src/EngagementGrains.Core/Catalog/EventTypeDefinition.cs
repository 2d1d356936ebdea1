namespace EngagementGrains.Core.Catalog;

/// <summary>One event type of the catalog: its channel, seed family and known fields.</summary>
public sealed record class EventTypeDefinition
{
    public required string Name { get; init; }
    public required string Channel { get; init; }
    public required string Family { get; init; }
    public string Description { get; init; } = "";
    public required IReadOnlyDictionary<string, FieldType> Fields { get; init; }
    public IReadOnlyList<string> SourceNames { get; init; } = [];
    public bool SetsAttributes { get; init; }
    public ConsentRule? Consent { get; init; }
    public IReadOnlyDictionary<string, string> IdentityFields { get; init; } = new Dictionary<string, string>();
}
