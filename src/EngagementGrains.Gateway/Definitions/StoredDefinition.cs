using System.Text.Json;
using System.Text.Json.Serialization;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Gateway.Profiles;

namespace EngagementGrains.Gateway.Definitions;

/// <summary>A stored measure or segment definition with its version and backfill status.</summary>
/// <param name="Name">The definition's name.</param>
/// <param name="Definition">The definition as it was accepted.</param>
/// <param name="Version">Increases on every change of any definition of its kind.</param>
/// <param name="Status"><c>backfilling</c> while it is computed over stored individuals, then <c>ready</c>.</param>
/// <param name="Progress">Individuals processed by the backfill.</param>
/// <param name="UpdatedAt">When it was last created or changed.</param>
/// <param name="ReadyAt">When its backfill finished; null while backfilling.</param>
/// <param name="Size">Members of a segment (<c>GET /v1/segments/{name}</c> only).</param>
public sealed record class StoredDefinition(
    string Name,
    JsonElement Definition,
    long Version,
    string Status,
    BackfillProgress Progress,
    string UpdatedAt,
    string? ReadyAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Size = null)
{
    public static StoredDefinition From(Definition definition) => new(
        definition.Name,
        ApiJson.Element(definition.Json),
        definition.Version,
        definition.Status,
        new BackfillProgress(definition.Processed, definition.Total),
        ApiJson.Timestamp(definition.UpdatedAt),
        definition.ReadyAt is { } ready ? ApiJson.Timestamp(ready) : null);
}
