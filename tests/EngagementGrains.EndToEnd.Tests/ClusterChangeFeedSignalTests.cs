using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// A gateway process learns of a silo's membership commits through PostgreSQL's notifications, and listens
/// again after the database was away: with every poll ten minutes apart, only the notification brings an enter.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterChangeFeedSignalTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_silos_commit_wakes_a_gateways_stream_before_and_after_PostgreSQL_restarts()
    {
        await using var cluster = await LocalCluster.StartAsync(fixture.Server, silos: 1, environment: ChangeFeedSignalTests.LongPolls);
        using var client = cluster.Client();
        client.Timeout = TimeSpan.FromSeconds(15);
        await ChangeFeedSignalTests.AssertEntersReachAnOpenStreamAsync(client, cluster.Client(), "cluster_signal");

        await cluster.Server.StopServerAsync();
        await cluster.Server.StartServerAsync();
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.PostEventsAsync(Api.Event("after-restart", "EmailSent", Api.NewId("probe"), DateTimeOffset.UtcNow));
            return response.StatusCode == System.Net.HttpStatusCode.Accepted ? "" : null;
        }, TimeSpan.FromSeconds(60), "ingest to resume after PostgreSQL is back");

        // The listener reconnects within its longest retry (5 s) of the server's return; a new stream then hears the next commit.
        await ChangeFeedSignalTests.AssertEntersReachAnOpenStreamAsync(client, cluster.Client(), "cluster_signal_again");
    }
}
