using EngagementGrains.Core.Conditions;

namespace EngagementGrains.Core.Segments;

/// <summary>A predicate on a profile attribute.</summary>
public sealed record class AttributeCondition(string Attribute, IReadOnlyList<Predicate> Predicates) : SegmentCondition;
