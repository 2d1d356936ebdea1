namespace EngagementGrains.Core.Measures;

/// <summary>How a measure folds its matching events into one value.</summary>
public enum MeasureAggregate
{
    Count,
    Sum,
    Avg,
    Min,
    Max,
    Distinct,
    First,
    Last,
}
