using EngagementGrains.Core.Definitions;

namespace EngagementGrains.Core.Tests.Definitions;

/// <summary>The dashboard's time left of a backfill: what remains at the rate seen between two readings.</summary>
public sealed class BackfillEstimateTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void What_remains_at_the_rate_seen_is_the_time_left()
    {
        var left = BackfillEstimate.Left(100, Start, 300, Start.AddSeconds(10), 1_300);

        Assert.Equal(TimeSpan.FromSeconds(50), left);
    }

    [Theory]
    [InlineData(100, 100, 1_000L)]
    [InlineData(100, 300, null)]
    public void Without_progress_or_a_total_there_is_no_estimate(long before, long now, long? total)
    {
        Assert.Null(BackfillEstimate.Left(before, Start, now, Start.AddSeconds(10), total));
    }
}
