using EngagementGrains.Core.Profiles;
using EngagementGrains.Core.Segments;

namespace EngagementGrains.Core.Measures;

/// <summary>
/// What of an individual's state a snapshot keeps. A sliding window holds an entry per event inside it, so a busy
/// person's windows (a million opens in a 365-day count) made every snapshot grow with their history: 75 MB of JSON
/// at a million entries, rewritten on each snapshot. Windows holding more than a bound are left out, and the
/// snapshot marks the measures unsynced, so an activation recomputes them from the log as it does a new measure.
/// </summary>
public static class SnapshotWindows
{
    /// <summary>The state to store: <paramref name="state"/> itself when no window is larger than <paramref name="maxEntries"/>, else a copy without those windows.</summary>
    public static IndividualState Compact(IndividualState state, int maxEntries)
    {
        List<string>? large = null;
        foreach (var (name, measure) in state.Measures)
        {
            if (measure.Entries.Count > maxEntries)
            {
                (large ??= []).Add(name);
            }
        }

        if (large is null)
        {
            return state;
        }

        var kept = new Dictionary<string, MeasureState>(state.Measures, StringComparer.Ordinal);
        foreach (var name in large)
        {
            kept.Remove(name);
        }

        // Without a state and not synced, a measure is one the next sync recomputes from the whole log (rather than
        // one whose absence means its empty value); every other measure without a state is recomputed with it.
        var implicitLeft = large.Any(SegmentSpec.IsImplicitName);
        var explicitLeft = large.Any(name => !SegmentSpec.IsImplicitName(name));
        return state with
        {
            Measures = kept,
            MeasuresSyncedTo = explicitLeft ? 0 : state.MeasuresSyncedTo,
            SegmentsSyncedTo = implicitLeft ? 0 : state.SegmentsSyncedTo,
        };
    }
}
