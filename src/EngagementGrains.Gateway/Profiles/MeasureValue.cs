using System.Text.Json;

namespace EngagementGrains.Gateway.Profiles;

/// <summary>A measure's current value on a profile.</summary>
/// <param name="Value">A number, a string, a timestamp or null, by the measure's aggregate.</param>
/// <param name="ComputedAt">When it was last recomputed.</param>
public sealed record class MeasureValue(JsonElement Value, string ComputedAt);
