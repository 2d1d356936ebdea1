using EngagementGrains.Core.Conditions;
using EngagementGrains.Core.Measures;

namespace EngagementGrains.Core.Segments;

/// <summary>
/// A behavioural condition (<c>event</c>, <c>where</c>, <c>within</c>, and <c>count</c> or an aggregate with a
/// predicate). It is kept as an implicit measure of the individual, so it is exact as events arrive and as
/// windows slide, by the same machinery as named measures.
/// </summary>
public sealed record class BehaviorCondition(MeasureSpec Measure, IReadOnlyList<Predicate> Predicates) : SegmentCondition;
