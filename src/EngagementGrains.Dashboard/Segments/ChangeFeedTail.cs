using EngagementGrains.Abstractions.Segments;

namespace EngagementGrains.Dashboard.Segments;

/// <summary>Finds the newest entries of a segment's change feed, which is read oldest first, in a logarithmic number of reads.</summary>
public static class ChangeFeedTail
{
    /// <summary>How far before the newest sequence the first read starts (sequences are shared by every segment).</summary>
    private const long Lookback = 2_000;

    /// <summary>The newest changes (at most <paramref name="count"/>, oldest first) and the position to poll after.</summary>
    public static async Task<(IReadOnlyList<SegmentChange> Changes, long Position)> NewestAsync(ISegmentQueryGrain feed, int count)
    {
        // Double until nothing follows, then halve the gap: the newest sequence is the first with nothing after it.
        long below = 0, above = 1;
        while ((await feed.ChangesAsync(above, 1)).Count > 0)
        {
            (below, above) = (above, above * 2);
        }

        while (above - below > 1)
        {
            var middle = below + ((above - below) / 2);
            if ((await feed.ChangesAsync(middle, 1)).Count > 0)
            {
                below = middle;
            }
            else
            {
                above = middle;
            }
        }

        var recent = await feed.ChangesAsync(Math.Max(0, below - Lookback), (int)Lookback + 1);
        return ([.. recent.TakeLast(count)], recent.Count > 0 ? recent[^1].Sequence : below);
    }
}
