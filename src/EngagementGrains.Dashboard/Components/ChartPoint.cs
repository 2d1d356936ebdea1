namespace EngagementGrains.Dashboard.Components;

/// <summary>One point of a line chart.</summary>
public sealed record class ChartPoint(DateTimeOffset At, double Value);
