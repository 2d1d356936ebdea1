using EngagementGrains.Core.Conditions;

namespace EngagementGrains.Core.Segments;

/// <summary>A predicate on a channel's consent status (<c>subscribed</c>, <c>unsubscribed</c>, or missing).</summary>
public sealed record class ConsentCondition(string Channel, IReadOnlyList<Predicate> Predicates) : SegmentCondition;
