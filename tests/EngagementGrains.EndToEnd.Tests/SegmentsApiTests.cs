using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

[Collection(HostCollection.Name)]
public sealed class SegmentsApiTests(HostFixture fixture)
{
    private static async Task<bool> IsMemberAsync(HttpClient client, string segment, string id) =>
        (bool)(await client.GetObjectAsync($"/v1/segments/{segment}/members/{id}"))["member"]!;

    private static async Task SendAsync(HttpClient client, params string[] events)
    {
        using var response = await client.PostEventsAsync("[" + string.Join(',', events) + "]");
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task The_seed_use_cases_hold_for_the_people_in_them_and_not_for_the_others()
    {
        using var client = fixture.Host.Client();
        var now = DateTimeOffset.UtcNow;
        var ltv = Api.UniqueName("ltv");
        await client.PutReadyAsync("measures", ltv, """{"event":["Purchase","OrderPlaced"],"aggregate":"sum","field":"total"}""");
        var opens60 = Api.UniqueName("opens_60d");
        await client.PutReadyAsync("measures", opens60, """{"event":"EmailOpened","aggregate":"count","within":"60d"}""");

        var cases = new (string Name, string Definition, Func<string, string[]> In, Func<string, string[]> Out)[]
        {
            ("reengage", """{"all":[{"event":"EmailSent","within":"30d"},{"not":{"event":"EmailOpened","within":"30d"}}]}""",
                id => [Api.Event("a", "EmailSent", id, now.AddDays(-3)), Api.Event("b", "EmailOpened", id, now.AddDays(-40))],
                id => [Api.Event("a", "EmailSent", id, now.AddDays(-3)), Api.Event("b", "EmailOpened", id, now.AddDays(-1))]),
            ("high_intent", "{\"all\":[{\"event\":\"EmailClicked\",\"where\":{\"linkUrl\":{\"contains\":\"/product\"}}},{\"measure\":\"" + ltv + "\",\"gte\":500}]}",
                id => [Api.Event("a", "EmailClicked", id, now.AddDays(-3), """{"linkUrl":"https://shop.example/product/9"}"""), Api.Event("b", "Purchase", id, now.AddDays(-9), """{"total":"520.5"}""")],
                id => [Api.Event("a", "EmailClicked", id, now.AddDays(-3), """{"linkUrl":"https://shop.example/news"}"""), Api.Event("b", "Purchase", id, now.AddDays(-9), """{"total":"900"}""")]),
            ("checked_in_90d", """{"event":"EventCheckIn","within":"90d"}""",
                id => [Api.Event("a", "EventCheckIn", id, now.AddDays(-89))],
                id => [Api.Event("a", "EventCheckIn", id, now.AddDays(-91)), Api.Event("b", "EventRegistration", id, now.AddDays(-5))]),
            ("push_not_delivered", """{"all":[{"event":"PushNotificationSent","within":"30d"},{"event":"PushNotificationNotSent","within":"30d"}]}""",
                id => [Api.Event("a", "PushNotificationSent", id, now.AddDays(-2)), Api.Event("b", "PushNotificationNotSent", id, now.AddDays(-2))],
                id => [Api.Event("a", "PushNotificationSent", id, now.AddDays(-2)), Api.Event("b", "PushNotificationOpened", id, now.AddDays(-2))]),
            ("engaged_openers", $$$"""{"measure":"{{{opens60}}}","gt":5}""",
                id => Enumerable.Range(0, 6).Select(i => Api.Event($"o{i}", "EmailOpened", id, now.AddDays(-i * 5))).ToArray(),
                id => Enumerable.Range(0, 6).Select(i => Api.Event($"o{i}", "EmailOpened", id, now.AddDays(-i * 11 - 10))).ToArray()),
            ("sms_clickers", """{"event":"SmsLinkClicked","within":"30d","count":{"gte":3}}""",
                id => Enumerable.Range(0, 3).Select(i => Api.Event($"c{i}", "SmsLinkClicked", id, now.AddDays(-i * 9))).ToArray(),
                id => Enumerable.Range(0, 3).Select(i => Api.Event($"c{i}", "SmsLinkClicked", id, now.AddDays(-i * 20))).ToArray()),
            ("sms_unsubscribed", """{"consent":"sms","eq":"unsubscribed"}""",
                id => [Api.Event("a", "Subscribe", id, now.AddDays(-9)), Api.Event("b", "Unsubscribe", id, now.AddDays(-2))],
                id => [Api.Event("a", "Unsubscribe", id, now.AddDays(-9)), Api.Event("b", "Subscribe", id, now.AddDays(-2))]),
        };

        var names = new Dictionary<string, string>();
        foreach (var (name, definition, _, _) in cases)
        {
            names[name] = Api.UniqueName(name);
            await client.PutReadyAsync("segments", names[name], definition);
        }

        foreach (var (name, _, inEvents, outEvents) in cases)
        {
            var (inside, outside) = (Api.NewId(), Api.NewId());
            await SendAsync(client, inEvents(inside));
            await SendAsync(client, outEvents(outside));
            Assert.True(await IsMemberAsync(client, names[name], inside), $"{name}: expected {inside} in");
            Assert.False(await IsMemberAsync(client, names[name], outside), $"{name}: expected {outside} out");
            var profile = await client.GetObjectAsync($"/v1/profiles/{inside}");
            Assert.NotNull(profile["segments"]![names[name]]?["since"]);
        }

        // A segment of segments: SMS clickers who have not unsubscribed.
        var combined = Api.UniqueName("clickers_reachable");
        await client.PutReadyAsync("segments", combined, $$$"""{"all":[{"segment":"{{{names["sms_clickers"]}}}"},{"not":{"segment":"{{{names["sms_unsubscribed"]}}}"}}]}""");
        var (reachable, unreachable) = (Api.NewId(), Api.NewId());
        await SendAsync(client, Enumerable.Range(0, 3).Select(i => Api.Event($"c{i}", "SmsLinkClicked", reachable, now.AddDays(-i))).ToArray());
        await SendAsync(client, [.. Enumerable.Range(0, 3).Select(i => Api.Event($"c{i}", "SmsLinkClicked", unreachable, now.AddDays(-i))), Api.Event("u", "Unsubscribe", unreachable, now)]);
        Assert.True(await IsMemberAsync(client, combined, reachable));
        Assert.False(await IsMemberAsync(client, combined, unreachable));
    }

    [Fact]
    public async Task A_segment_defined_after_the_events_is_backfilled_and_a_changed_one_moves_people_out()
    {
        using var client = fixture.Host.Client();
        var now = DateTimeOffset.UtcNow;
        var (light, heavy) = (Api.NewId(), Api.NewId());
        var order = "Order" + Guid.NewGuid().ToString("N")[..8];
        await SendAsync(client, Api.Event("x1", order, light, now.AddDays(-3), """{"total":40}"""));
        await SendAsync(client, Api.Event("x1", order, heavy, now.AddDays(-3), """{"total":400}"""),
            Api.Event("x2", order, heavy, now.AddDays(-2), """{"total":"250.5"}"""));

        var segment = Api.UniqueName("buyers");
        await client.PutReadyAsync("segments", segment, $$"""{"event":"{{order}}","within":"30d"}""");
        Assert.True(await IsMemberAsync(client, segment, light));
        Assert.True(await IsMemberAsync(client, segment, heavy));
        var since = (string)(await client.GetObjectAsync($"/v1/segments/{segment}/members/{heavy}"))["since"]!;

        await client.PutReadyAsync("segments", segment, $$"""{"event":"{{order}}","aggregate":"sum","field":"total","gte":500}""");
        Assert.False(await IsMemberAsync(client, segment, light));
        Assert.True(await IsMemberAsync(client, segment, heavy));
        Assert.Equal(since, (string)(await client.GetObjectAsync($"/v1/segments/{segment}/members/{heavy}"))["since"]!);
        Assert.Equal(1, (int)(await client.GetObjectAsync($"/v1/segments/{segment}"))["size"]!);
    }

    [Fact]
    public async Task Members_are_listed_page_by_page_and_explained()
    {
        using var client = fixture.Host.Client();
        var segment = Api.UniqueName("vips");
        var vip = "vip-" + Guid.NewGuid().ToString("N")[..8];
        await client.PutReadyAsync("segments", segment, $$$"""{"all":[{"attribute":"customerType","eq":"{{{vip}}}"},{"event":"Purchase","aggregate":"sum","field":"total","gte":100}]}""");
        var now = DateTimeOffset.UtcNow;
        var members = Enumerable.Range(0, 25).Select(_ => Api.NewId()).ToHashSet();
        foreach (var chunk in members.Chunk(10))
        {
            await SendAsync(client, chunk.SelectMany(id => new[]
            {
                Api.Event("i", "CustomerInfo", id, now.AddDays(-1), $$"""{"customerType":"{{vip}}"}"""),
                Api.Event("p", "Purchase", id, now.AddDays(-1), """{"total":"150.25"}"""),
            }).ToArray());
        }

        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetObjectAsync($"/v1/segments/{segment}/members?limit=7" + (cursor is null ? "" : $"&cursor={cursor}"));
            listed.AddRange(page["members"]!.AsArray().Select(m => (string)m!["individualId"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);
        Assert.Equal(members.Order(StringComparer.Ordinal), listed);
        Assert.Equal(25, (int)(await client.GetObjectAsync($"/v1/segments/{segment}"))["size"]!);

        var explained = await client.GetObjectAsync($"/v1/segments/{segment}/members/{listed[0]}");
        Assert.True((bool)explained["member"]!);
        var children = explained["explanation"]!["children"]!.AsArray();
        Assert.Equal(vip, (string)children[0]!["value"]!);
        Assert.Equal(150.25m, (decimal)children[1]!["value"]!);
        Assert.All(children, c => Assert.True((bool)c!["held"]!));
    }

    [Fact]
    public async Task Invalid_and_cyclic_definitions_are_refused_and_used_segments_cannot_be_deleted()
    {
        using var client = fixture.Host.Client();
        using (var invalid = await client.PutAsync(new Uri("/v1/segments/broken", UriKind.Relative), Api.Json("""{"all":[{"event":"A","within":"soon"}]}""")))
        {
            var problem = await invalid.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal("all[0].within", (string)problem["errors"]![0]!["field"]!);
        }

        var (a, b) = (Api.UniqueName("a"), Api.UniqueName("b"));
        await client.PutReadyAsync("segments", a, """{"event":"EmailSent"}""");
        await client.PutReadyAsync("segments", b, $$$"""{"segment":"{{{a}}}"}""");
        using (var cycle = await client.PutAsync(new Uri($"/v1/segments/{a}", UriKind.Relative), Api.Json($$$"""{"segment":"{{{b}}}"}""")))
        {
            Assert.Contains("cycle", (string)(await cycle.AssertProblemAsync(HttpStatusCode.BadRequest))["detail"]!, StringComparison.Ordinal);
        }

        using (var unknown = await client.PutAsync(new Uri($"/v1/segments/{Api.UniqueName("c")}", UriKind.Relative), Api.Json("""{"segment":"nowhere"}""")))
        {
            Assert.Contains("does not exist", (string)(await unknown.AssertProblemAsync(HttpStatusCode.BadRequest))["detail"]!, StringComparison.Ordinal);
        }

        using (var inUse = await client.DeleteAsync(new Uri($"/v1/segments/{a}", UriKind.Relative)))
        {
            await inUse.AssertProblemAsync(HttpStatusCode.Conflict);
        }

        using (var deleted = await client.DeleteAsync(new Uri($"/v1/segments/{b}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }
    }

    [Fact]
    public async Task The_change_feed_sends_enter_then_exit_with_only_the_clock_passing_and_resumes_after_a_reconnect()
    {
        using var client = fixture.Host.Client();
        // A custom type of its own: other tests' recent clicks must not enter this segment.
        var segment = Api.UniqueName("recent_probe");
        var probeType = "FeedProbe" + Guid.NewGuid().ToString("N")[..8];
        await client.PutReadyAsync("segments", segment, $$"""{"event":"{{probeType}}","within":"1m"}""");
        using var feed = await SseClient.ConnectAsync(fixture.Host.Client(), $"/v1/segments/{segment}/changes");

        var id = Api.NewId();
        var leavesAt = DateTimeOffset.UtcNow.AddSeconds(6);
        await SendAsync(client, Api.Event("k1", probeType, id, leavesAt.AddMinutes(-1)));

        var enter = await feed.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("enter", enter.Event);
        Assert.Equal(id, (string)JsonNode.Parse(enter.Data)!["individualId"]!);

        var exit = await feed.NextAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("exit", exit.Event);
        var exitAt = DateTimeOffset.Parse((string)JsonNode.Parse(exit.Data)!["at"]!, CultureInfo.InvariantCulture);
        // The event's instant travels in whole milliseconds, so the exit may come up to a millisecond before leavesAt's ticks
        // (CI once saw 43.6420000 against 43.6421924).
        Assert.InRange(exitAt, DateTimeOffset.FromUnixTimeMilliseconds(leavesAt.ToUnixTimeMilliseconds()), leavesAt.AddSeconds(2));

        // A consumer that reconnects with Last-Event-ID gets what happened while it was away, and nothing twice.
        var other = Api.NewId();
        await SendAsync(client, Api.Event("k2", probeType, other, DateTimeOffset.UtcNow));
        using var resumed = await SseClient.ConnectAsync(fixture.Host.Client(), $"/v1/segments/{segment}/changes", lastEventId: exit.Id);
        var missed = await resumed.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("enter", missed.Event);
        Assert.Equal(other, (string)JsonNode.Parse(missed.Data)!["individualId"]!);
        Assert.True(long.Parse(missed.Id, CultureInfo.InvariantCulture) > long.Parse(exit.Id, CultureInfo.InvariantCulture));
    }
}
