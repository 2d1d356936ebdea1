namespace EngagementGrains.Gateway.Definitions;

/// <summary>Every measure definition (<c>GET /v1/measures</c>).</summary>
public sealed record class MeasureList(IReadOnlyList<StoredDefinition> Measures);
