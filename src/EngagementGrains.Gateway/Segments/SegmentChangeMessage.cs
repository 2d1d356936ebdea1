namespace EngagementGrains.Gateway.Segments;

/// <summary>The <c>data</c> of one Server-Sent Event of <c>GET /v1/segments/{name}/changes</c>.</summary>
/// <param name="Segment">The segment's name.</param>
/// <param name="IndividualId">The individual that entered or left.</param>
/// <param name="Change"><c>enter</c> or <c>exit</c>, as the event's name.</param>
/// <param name="At">When the membership changed.</param>
public sealed record class SegmentChangeMessage(string Segment, string IndividualId, string Change, string At);
