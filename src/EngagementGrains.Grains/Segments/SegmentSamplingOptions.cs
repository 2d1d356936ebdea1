namespace EngagementGrains.Grains.Segments;

/// <summary>How often each silo asks every segment's history grain for a sample (<c>EngagementGrains:Dashboard:SampleInterval</c>).</summary>
public sealed class SegmentSamplingOptions
{
    public const string SectionName = "EngagementGrains:Dashboard";

    /// <summary>The sampling period; one sample a minute is kept however often silos ask.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromMinutes(1);
}
