using EngagementGrains.Core.Destinations;

namespace EngagementGrains.Core.Tests.Destinations;

public sealed class DeliveryBackoffTests
{
    private static readonly TimeSpan s_first = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_longest = TimeSpan.FromMinutes(10);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 16)]
    [InlineData(10, 512)]
    [InlineData(11, 600)]
    [InlineData(1000, 600)]
    public void The_delay_doubles_to_the_cap_and_jitter_keeps_it_between_half_and_all(int failures, int seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds / 2.0), DeliveryBackoff.Delay(failures, s_first, s_longest, 0));
        Assert.Equal(TimeSpan.FromSeconds(seconds), DeliveryBackoff.Delay(failures, s_first, s_longest, 1));
        Assert.InRange(DeliveryBackoff.Delay(failures, s_first, s_longest, 0.5), TimeSpan.FromSeconds(seconds / 2.0), TimeSpan.FromSeconds(seconds));
    }
}
