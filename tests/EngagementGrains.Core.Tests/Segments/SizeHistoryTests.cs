using EngagementGrains.Abstractions.Segments;
using EngagementGrains.Core.Segments;

namespace EngagementGrains.Core.Tests.Segments;

/// <summary>The dashboard's segment size history stays bounded: minutes for a day, hours for 90 days, nothing older.</summary>
public sealed class SizeHistoryTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Two_samples_in_one_minute_keep_the_last_size_and_add_up_enters_and_exits()
    {
        var history = SizeHistory.Add([], new SegmentSizeSample(Start.AddSeconds(5), 3, 3, 0));
        history = SizeHistory.Add(history, new SegmentSizeSample(Start.AddSeconds(50), 2, 1, 2));

        var only = Assert.Single(history);
        Assert.Equal(new SegmentSizeSample(Start, 2, 4, 2), only);
    }

    [Fact]
    public void Minutes_older_than_a_day_become_hours_with_the_last_size_and_summed_changes()
    {
        IReadOnlyList<SegmentSizeSample> history = [];
        for (var minute = 0; minute < 3 * 24 * 60; minute++)
        {
            history = SizeHistory.Add(history, new SegmentSizeSample(Start.AddMinutes(minute), minute, 1, minute % 2));
        }

        var now = Start.AddMinutes(3 * 24 * 60 - 1);
        var minutes = history.Where(s => s.At >= now - SizeHistory.MinuteSpan).ToArray();
        var hours = history.Where(s => s.At < now - SizeHistory.MinuteSpan).ToArray();
        Assert.Equal(24 * 60 + 1, minutes.Length);
        Assert.All(hours.Zip(hours.Skip(1)), pair => Assert.Equal(TimeSpan.FromHours(1), pair.Second.At - pair.First.At));
        var firstHour = hours[0];
        Assert.Equal(Start, firstHour.At);
        Assert.Equal(59, firstHour.Size);
        Assert.Equal(60, firstHour.Entered);
        Assert.Equal(30, firstHour.Exited);
        Assert.Equal(history.OrderBy(s => s.At), history);
        Assert.True(history.Count <= 24 * 60 + 2 * 24 + 1, $"{history.Count} samples kept for three days");
    }

    [Fact]
    public void Nothing_older_than_the_kept_span_survives()
    {
        var old = SizeHistory.Add([], new SegmentSizeSample(Start, 1, 1, 0));
        var later = SizeHistory.Add(old, new SegmentSizeSample(Start + SizeHistory.Kept + TimeSpan.FromHours(2), 5, 4, 0));

        var only = Assert.Single(later);
        Assert.Equal(5, only.Size);
    }
}
