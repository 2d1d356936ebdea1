using EngagementGrains.Core.Segments;
using EngagementGrains.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Storage.Tests;

/// <summary>A commit by one process wakes the streams of another through PostgreSQL's notifications.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresFeedListenerTests(PostgresFixture fixture)
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_change_committed_by_another_process_wakes_this_process_and_only_for_its_segment()
    {
        await using var database = await fixture.NewDatabaseAsync();

        // The silo's store raises its own process's signal; the listener is the gateway's, with a signal of its own.
        await using var silo = new PostgresMembershipStore(database, new SegmentFeedSignal());
        var gateway = new SegmentFeedSignal();
        using var listener = new PostgresFeedListener(
            Options.Create(new PostgresStorageOptions { ConnectionString = database.DataSource.ConnectionString }), gateway,
            NullLogger<PostgresFeedListener>.Instance);
        await listener.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            await WaitUntilAsync(() => gateway.Reliable);
            var vip = gateway.Next("vip");
            var other = gateway.Next("other");

            // A change that records nothing (an exit of a non-member) sends no notification.
            await silo.ApplyAsync("ind-1", [new MembershipChange("other", false, s_t0)]);
            await silo.ApplyAsync("ind-1", [new MembershipChange("vip", true, s_t0)]);

            await vip.WaitAsync(s_deadline, TestContext.Current.CancellationToken);
            Assert.False(other.IsCompleted);
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(s_deadline);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }
}
