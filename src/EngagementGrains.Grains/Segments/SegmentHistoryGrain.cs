using EngagementGrains.Abstractions.Segments;
using EngagementGrains.Core.Segments;
using EngagementGrains.Core.Time;
using EngagementGrains.Storage;

namespace EngagementGrains.Grains.Segments;

/// <summary>Samples a segment's size and its enters and exits since the last sample into bounded durable history.</summary>
public sealed class SegmentHistoryGrain(
    [PersistentState("segment-history", StorageNames.Grains)] IPersistentState<SegmentHistoryState> state,
    EngagementClock clock) : Grain, ISegmentHistoryGrain
{
    private const int FeedPage = 1_000;

    // Bounds the work of one sample after a long pause; what is left is counted at the next minute.
    private const int MaxFeedPages = 20;

    async Task ISegmentHistoryGrain.SampleAsync()
    {
        var now = clock.GetUtcNow();
        var minute = SizeHistory.MinuteOf(now);
        if (state.State.Samples is [.., var last] && last.At >= minute)
        {
            return;
        }

        var query = GrainFactory.GetGrain<ISegmentQueryGrain>(SegmentHistoryGrainKey.SegmentOf(this.GetPrimaryKeyString()));
        long entered = 0, exited = 0;
        var position = state.State.FeedPosition;
        for (var page = 0; page < MaxFeedPages; page++)
        {
            var changes = await query.ChangesAsync(position, FeedPage);
            entered += changes.Count(c => c.Entered);
            exited += changes.Count(c => !c.Entered);
            if (changes.Count > 0)
            {
                position = changes[^1].Sequence;
            }

            if (changes.Count < FeedPage)
            {
                break;
            }
        }

        // The first sample only sets the feed position: the changes before it did not happen in its minute.
        if (state.State.Samples.Count == 0 && state.State.FeedPosition == 0)
        {
            (entered, exited) = (0, 0);
        }

        var size = await query.CountAsync();
        state.State.Samples = [.. SizeHistory.Add(state.State.Samples, new SegmentSizeSample(now, size, entered, exited))];
        state.State.FeedPosition = position;
        await state.WriteStateAsync();
    }

    Task<IReadOnlyList<SegmentSizeSample>> ISegmentHistoryGrain.GetAsync() =>
        Task.FromResult<IReadOnlyList<SegmentSizeSample>>([.. state.State.Samples]);
}
