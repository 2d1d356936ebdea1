using EngagementGrains.Abstractions.Segments;
using EngagementGrains.Storage.Memberships;
using Orleans.Concurrency;

namespace EngagementGrains.Grains.Segments;

/// <summary>Stateless reads of the membership tables, on whichever silo is closest.</summary>
[StatelessWorker]
public sealed class SegmentQueryGrain(IMembershipStore store) : Grain, ISegmentQueryGrain
{
    private string Segment => this.GetPrimaryKeyString();

    Task<long> ISegmentQueryGrain.CountAsync() => store.CountAsync(Segment);

    async Task<IReadOnlyList<SegmentMember>> ISegmentQueryGrain.MembersAsync(string afterId, int limit) =>
        (await store.ListAsync(Segment, afterId, limit)).Select(m => new SegmentMember(m.IndividualId, m.Since)).ToArray();

    async Task<SegmentMember?> ISegmentQueryGrain.FindAsync(string individualId) =>
        await store.FindAsync(Segment, individualId) is { } m ? new SegmentMember(m.IndividualId, m.Since) : null;

    async Task<IReadOnlyList<SegmentChange>> ISegmentQueryGrain.ChangesAsync(long afterSequence, int limit) =>
        (await store.ChangesAsync(Segment, afterSequence, limit)).Select(c => new SegmentChange(c.Sequence, c.IndividualId, c.Entered, c.At)).ToArray();
}
