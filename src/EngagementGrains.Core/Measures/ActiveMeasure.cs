namespace EngagementGrains.Core.Measures;

/// <summary>One measure in force: its name, its parsed definition and the definition version it comes from.</summary>
public sealed record class ActiveMeasure(string Name, MeasureSpec Spec, long Version)
{
    /// <summary>Whether it stands behind a segment's behavioural condition (versioned by the segment registry).</summary>
    public bool Implicit { get; } = Segments.SegmentSpec.IsImplicitName(Name);
}
