using System.Globalization;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// A window sliding past a person's last event moves them out of a segment at that instant, not at the wake-up
/// shards' next poll: the shard is told of a row due before its next poll and takes a pass timed to it.
/// </summary>
public sealed class WakeupTimingTests
{
    [Fact]
    public async Task A_time_only_exit_comes_at_its_instant_even_when_the_shards_poll_only_every_ten_minutes()
    {
        var data = HostProcess.NewDataDirectory();
        try
        {
            // With the regular poll ten minutes apart, only the timed pass can bring the exit within the deadline.
            await using var host = await HostProcess.StartAsync(data, environment: new Dictionary<string, string>
            {
                ["EngagementGrains__Wakeups__PollInterval"] = "00:10:00",
            });
            using var client = host.Client();
            var segment = Api.UniqueName("timed_exit");
            await client.PutReadyAsync("segments", segment, """{"event":"TimedProbe","within":"1m"}""");
            using var feed = await SseClient.ConnectAsync(host.Client(), $"/v1/segments/{segment}/changes");

            var id = Api.NewId();
            var leavesAt = DateTimeOffset.UtcNow.AddSeconds(5);
            using (var response = await client.PostEventsAsync("[" + Api.Event("t1", "TimedProbe", id, leavesAt.AddMinutes(-1)) + "]"))
            {
                Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
            }

            Assert.Equal("enter", (await feed.NextAsync(TimeSpan.FromSeconds(10))).Event);
            var exit = await feed.NextAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("exit", exit.Event);
            Assert.Equal(id, (string)JsonNode.Parse(exit.Data)!["individualId"]!);
            var exitAt = DateTimeOffset.Parse((string)JsonNode.Parse(exit.Data)!["at"]!, CultureInfo.InvariantCulture);
            Assert.InRange(exitAt, leavesAt, leavesAt.AddSeconds(2));
        }
        finally
        {
            HostProcess.DeleteDataDirectory(data);
        }
    }
}
