namespace EngagementGrains.Abstractions.Segments;

/// <summary>Reads a segment's members and change feed from storage (key: the segment name; stateless).</summary>
public interface ISegmentQueryGrain : IGrainWithStringKey
{
    Task<long> CountAsync();

    /// <summary>Members in id order after <paramref name="afterId"/>.</summary>
    Task<IReadOnlyList<SegmentMember>> MembersAsync(string afterId, int limit);

    Task<SegmentMember?> FindAsync(string individualId);

    /// <summary>Feed entries after a position, oldest first.</summary>
    Task<IReadOnlyList<SegmentChange>> ChangesAsync(long afterSequence, int limit);
}
