using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// An open change-feed stream is woken by the commit of a membership change, not by its poll: with the poll
/// ten minutes apart, only the signal can bring an enter within the deadline.
/// </summary>
public sealed class ChangeFeedSignalTests
{
    /// <summary>The safety-net poll, set far beyond every deadline below.</summary>
    internal static readonly Dictionary<string, string> LongPolls = new()
    {
        ["EngagementGrains__Feed__PollInterval"] = "00:10:00",
        ["EngagementGrains__Feed__UnsignalledPollInterval"] = "00:10:00",
    };

    internal static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_enter_reaches_an_open_stream_of_the_embedded_host_without_waiting_for_the_poll()
    {
        var data = HostProcess.NewDataDirectory();
        try
        {
            await using var host = await HostProcess.StartAsync(data, environment: LongPolls);
            using var client = host.Client();
            await AssertEntersReachAnOpenStreamAsync(client, host.Client(), "feed_signal");
        }
        finally
        {
            HostProcess.DeleteDataDirectory(data);
        }
    }

    /// <summary>Opens a stream, lets it go idle, then sends two people into the segment one after the other; each enter must come.</summary>
    internal static async Task AssertEntersReachAnOpenStreamAsync(HttpClient client, HttpClient streamClient, string name)
    {
        var segment = Api.UniqueName(name);
        const string Definition = """{"event":"FeedProbe","within":"1d"}""";

        // Right after a database restart a first write may meet a stale pooled connection (503): retried, as a client does.
        await Poll.UntilAsync(async () =>
        {
            using var response = await client.PutAsync(new Uri($"/v1/segments/{segment}", UriKind.Relative), Api.Json(Definition));
            return response.IsSuccessStatusCode ? "" : null;
        }, TimeSpan.FromSeconds(60), $"{segment} to be defined");
        await client.PutReadyAsync("segments", segment, Definition);
        using var feed = await SseClient.ConnectAsync(streamClient, $"/v1/segments/{segment}/changes");
        foreach (var round in new[] { "first", "second" })
        {
            var id = Api.NewId(round);
            using (var response = await client.PostEventsAsync("[" + Api.Event(round, "FeedProbe", id, DateTimeOffset.UtcNow) + "]"))
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }

            // People of earlier rounds enter a new segment by its backfill, on the stream's first read: passed over.
            var deadline = DateTimeOffset.UtcNow + Deadline;
            var change = await feed.NextAsync(Deadline);
            while ((string)JsonNode.Parse(change.Data)!["individualId"]! != id)
            {
                change = await feed.NextAsync(deadline - DateTimeOffset.UtcNow);
            }

            Assert.Equal("enter", change.Event);
        }
    }
}
