namespace EngagementGrains.Gateway.Segments;

/// <summary>Whether an individual is in a segment, since when, and why (<c>GET /v1/segments/{name}/members/{id}</c>).</summary>
/// <param name="Segment">The segment's name.</param>
/// <param name="IndividualId">The individual asked about.</param>
/// <param name="Member">True when the individual is a member now.</param>
/// <param name="Since">When it entered; null when it is not a member.</param>
/// <param name="Explanation">The condition tree as evaluated for this individual; null when the individual is unknown.</param>
public sealed record class MemberExplanation(string Segment, string IndividualId, bool Member, string? Since, ConditionExplanation? Explanation);
