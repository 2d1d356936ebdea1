using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// Random streams through the real Host — shuffled, with late events and with eventIds repeated across and
/// within requests — against a plain LINQ recompute over the distinct events.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class MeasureStreamTests(HostFixture fixture)
{
    private sealed record class Sent(string EventId, string Type, DateTimeOffset OccurredAt, decimal Amount, string Tag);

    [Fact]
    public async Task Measures_equal_the_recompute_over_distinct_events_despite_duplicates_and_disorder()
    {
        using var client = fixture.Host.Client();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (count, sum, distinct, max, last) = ($"s_count_{suffix}", $"s_sum_{suffix}", $"s_distinct_{suffix}", $"s_max_{suffix}", $"s_last_{suffix}");
        await client.PutReadyAsync("measures", count, """{"event":["EmailOpened","EmailClicked"],"aggregate":"count","within":"2d"}""");
        await client.PutReadyAsync("measures", sum, """{"event":"Purchase","aggregate":"sum","field":"total","where":{"currency":{"eq":"USD"}}}""");
        await client.PutReadyAsync("measures", distinct, """{"event":"EmailOpened","aggregate":"distinct","field":"campaignId","within":"30d"}""");
        await client.PutReadyAsync("measures", max, """{"event":"Purchase","aggregate":"max","field":"total","within":"7d"}""");
        await client.PutReadyAsync("measures", last, """{"event":"WebsiteVisited","aggregate":"last","field":"pageUrl"}""");

        var random = new Random(20261124);
        var now = DateTimeOffset.UtcNow;
        var streams = new Dictionary<string, List<Sent>>();
        for (var p = 0; p < 30; p++)
        {
            var id = Api.NewId();
            streams[id] = Enumerable.Range(0, random.Next(5, 40)).Select(n => new Sent(
                $"r{n}",
                new[] { "EmailOpened", "EmailClicked", "Purchase", "WebsiteVisited", "EmailSent" }[random.Next(5)],
                // Clear of window edges by an hour, so the clock moving during the test cannot flip a value.
                now.AddHours(-random.Next(1, 24 * 40)).AddMinutes(-random.Next(0, 50)).AddSeconds(-n),
                random.Next(1, 20000) / 100m,
                $"c-{random.Next(6)}")).ToList();
        }

        // Every event once, shuffled across individuals, plus a third of them again (some in the same request).
        var sends = streams.SelectMany(s => s.Value.Select(e => (Individual: s.Key, Event: e))).ToList();
        sends.AddRange(sends.Where(_ => random.Next(3) == 0).ToList());
        foreach (var batch in sends.OrderBy(_ => random.Next()).Chunk(37))
        {
            using var response = await client.PostEventsAsync("[" + string.Join(',', batch.Select(x => Encode(x.Individual, x.Event))) + "]");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        foreach (var (id, events) in streams)
        {
            var measures = (await client.GetObjectAsync($"/v1/profiles/{id}"))["measures"]!;
            var at = DateTimeOffset.UtcNow;
            Assert.Equal(events.Count(e => e.Type is "EmailOpened" or "EmailClicked" && e.OccurredAt > at.AddDays(-2)), (int)measures[count]!["value"]!);
            Assert.Equal(events.Where(e => e.Type == "Purchase" && e.Tag != "c-0").Sum(e => e.Amount), (decimal)measures[sum]!["value"]!);
            Assert.Equal(events.Where(e => e.Type == "EmailOpened" && e.OccurredAt > at.AddDays(-30)).Select(e => e.Tag).Distinct().Count(), (int)measures[distinct]!["value"]!);
            var week = events.Where(e => e.Type == "Purchase" && e.OccurredAt > at.AddDays(-7)).ToList();
            Assert.Equal(week.Count == 0 ? null : week.Max(e => e.Amount), (decimal?)measures[max]!["value"]);
            var visits = events.Where(e => e.Type == "WebsiteVisited").OrderBy(e => e.OccurredAt).ToList();
            Assert.Equal(visits.Count == 0 ? null : $"/p/{visits[^1].Tag}", (string?)measures[last]!["value"]);
            Assert.Equal(events.Count, (int)(await client.GetObjectAsync($"/v1/profiles/{id}"))["eventCount"]!);
        }
    }

    private static string Encode(string individual, Sent e)
    {
        var attributes = e.Type switch
        {
            "Purchase" => new JsonObject
            {
                ["total"] = e.Amount.ToString(CultureInfo.InvariantCulture),
                ["currency"] = e.Tag == "c-0" ? "EUR" : "USD",
            },
            "WebsiteVisited" => new JsonObject { ["pageUrl"] = $"/p/{e.Tag}" },
            _ => new JsonObject { ["campaignId"] = e.Tag },
        };
        return Api.Event(e.EventId, e.Type, individual, e.OccurredAt, attributes.ToJsonString());
    }
}
