using EngagementGrains.Core.Segments;

namespace EngagementGrains.Storage.Memberships;

/// <summary>
/// Segment members as rows (one per member, never one growing blob) and each segment's change feed.
/// Applying a change twice is harmless: an enter for a member or an exit for a non-member records nothing.
/// </summary>
public interface IMembershipStore
{
    /// <summary>Applies one individual's enter/exit changes durably; feed entries are written only for real changes.</summary>
    Task ApplyAsync(string individualId, IReadOnlyList<MembershipChange> changes);

    /// <summary>Members in id order after <paramref name="afterId"/>: a stable cursor.</summary>
    Task<IReadOnlyList<MembershipRecord>> ListAsync(string segment, string afterId, int limit, CancellationToken cancellationToken = default);

    Task<long> CountAsync(string segment, CancellationToken cancellationToken = default);

    Task<MembershipRecord?> FindAsync(string segment, string individualId, CancellationToken cancellationToken = default);

    /// <summary>The segments the store lists the individual as a member of (to reconcile after a crash).</summary>
    Task<IReadOnlyList<string>> SegmentsOfAsync(string individualId, CancellationToken cancellationToken = default);

    /// <summary>Feed entries after a position, oldest first.</summary>
    Task<IReadOnlyList<MembershipChangeRecord>> ChangesAsync(string segment, long afterSequence, int limit, CancellationToken cancellationToken = default);

    /// <summary>Removes the individual from every segment and its feed history, publishing one exit per segment it was in.</summary>
    Task<int> ForgetAsync(string individualId, DateTimeOffset at);

    /// <summary>Removes a segment's members and feed (the segment was deleted).</summary>
    Task DeleteSegmentAsync(string segment);
}
