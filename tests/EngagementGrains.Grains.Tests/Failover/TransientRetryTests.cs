using EngagementGrains.Abstractions.Storage;

namespace EngagementGrains.Grains.Tests.Failover;

/// <summary>What the gateway and the client library do again when a silo goes away during an idempotent call.</summary>
public sealed class TransientRetryTests
{
    [Fact]
    public async Task A_call_lost_in_a_silos_graceful_stop_is_made_once_more_and_answers()
    {
        var calls = 0;
        var answer = await TransientRetry.RunAsync(() => ++calls == 1
            ? throw new TimeoutException("Response did not arrive on time in 00:00:10")
            : Task.FromResult("acknowledged"));

        Assert.Equal("acknowledged", answer);
        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_second_timeout_reaches_the_caller_which_has_waited_enough()
    {
        var calls = 0;
        await Assert.ThrowsAsync<TimeoutException>(() => TransientRetry.RunAsync<string>(() =>
        {
            calls++;
            throw new TimeoutException("Response did not arrive on time in 00:00:10");
        }));

        Assert.Equal(2, calls);
    }

    [Fact]
    public async Task A_failure_that_is_not_a_silo_going_away_is_not_made_again()
    {
        var calls = 0;
        await Assert.ThrowsAsync<InvalidOperationException>(() => TransientRetry.RunAsync<string>(() =>
        {
            calls++;
            throw new InvalidOperationException("a bug, not a silo");
        }));

        Assert.Equal(1, calls);
    }
}
