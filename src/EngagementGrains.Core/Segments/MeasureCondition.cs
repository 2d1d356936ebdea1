using EngagementGrains.Core.Conditions;

namespace EngagementGrains.Core.Segments;

/// <summary>A predicate on a named measure's current value.</summary>
public sealed record class MeasureCondition(string Measure, IReadOnlyList<Predicate> Predicates) : SegmentCondition;
