using System.Text.Json.Serialization;
using EngagementGrains.Core.Catalog;

namespace EngagementGrains.Gateway.Catalog;

/// <summary>One event type of the catalog: its channel, seed family and typed fields.</summary>
/// <param name="Name">The type's name, as events give it in <c>type</c>.</param>
/// <param name="Channel">The channel its events default to.</param>
/// <param name="Family">The seed system family it comes from.</param>
/// <param name="Description">What the event records.</param>
/// <param name="Fields">Known attribute fields and their types (<c>string</c>, <c>double</c>, <c>datetime</c>, …), checked and coerced on ingest.</param>
/// <param name="SourceNames">The names the seed systems give this type; absent when none.</param>
/// <param name="SetsAttributes">True when the type's attributes become profile attributes; absent otherwise.</param>
/// <param name="Consent">The consent the type sets; absent when none.</param>
public sealed record class CatalogEventType(
    string Name,
    string Channel,
    string Family,
    string Description,
    IReadOnlyDictionary<string, string> Fields,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? SourceNames,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? SetsAttributes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CatalogConsentRule? Consent)
{
    public static CatalogEventType From(EventTypeDefinition type) => new(
        type.Name,
        type.Channel,
        type.Family,
        type.Description,
        new SortedDictionary<string, string>(
            type.Fields.ToDictionary(f => f.Key, f => f.Value.ToString().ToLowerInvariant(), StringComparer.Ordinal), StringComparer.Ordinal),
        type.SourceNames.Count > 0 ? type.SourceNames : null,
        type.SetsAttributes ? true : null,
        type.Consent is { } consent ? new CatalogConsentRule(consent.Channel, consent.Status) : null);
}
