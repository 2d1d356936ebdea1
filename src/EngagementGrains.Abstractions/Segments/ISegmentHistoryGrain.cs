namespace EngagementGrains.Abstractions.Segments;

/// <summary>The durable size history of one segment (key: the segment name), sampled once a minute.</summary>
public interface ISegmentHistoryGrain : IGrainWithStringKey
{
    /// <summary>Takes this minute's sample unless one was taken already (every silo may ask; one sample a minute is kept).</summary>
    Task SampleAsync();

    /// <summary>The samples, oldest first: minutes for the last day, hours before that.</summary>
    Task<IReadOnlyList<SegmentSizeSample>> GetAsync();
}
