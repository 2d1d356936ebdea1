using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Individuals;

namespace EngagementGrains.Core.Profiles;

/// <summary>Newest-first order of a timeline: occurredAt descending, then log sequence descending.</summary>
public static class TimelineOrder
{
    /// <summary>Negative when <paramref name="a"/> comes before (is newer than) <paramref name="b"/>.</summary>
    public static int Compare(StoredEvent a, StoredEvent b)
    {
        var byTime = b.Event.OccurredAt.CompareTo(a.Event.OccurredAt);
        return byTime != 0 ? byTime : b.Sequence.CompareTo(a.Sequence);
    }

    public static TimelinePosition PositionOf(StoredEvent stored) =>
        new(stored.Event.OccurredAt.ToUnixTimeMilliseconds(), stored.Sequence);
}
