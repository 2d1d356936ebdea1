namespace EngagementGrains.Gateway.Definitions;

/// <summary>Every segment definition (<c>GET /v1/segments</c>).</summary>
public sealed record class SegmentList(IReadOnlyList<StoredDefinition> Segments);
