using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

[Collection(HostCollection.Name)]
public sealed class IngestApiTests(HostFixture fixture)
{
    private static readonly DateTimeOffset s_t0 = DateTimeOffset.UtcNow.AddDays(-2);

    [Fact]
    public async Task Accepted_events_are_on_the_profile_when_202_returns()
    {
        using var client = fixture.Host.Client();
        var id = Api.NewId();
        using var response = await client.PostEventsAsync($"""
            [{Api.Event("e1", "EmailSent", id, s_t0)},
             {Api.Event("e2", "EmailOpened", id, s_t0.AddMinutes(5))},
             {Api.Event("e3", "EmailOpened", id, s_t0.AddMinutes(9))}]
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadObjectAsync();
        Assert.Equal(3, (int)body["accepted"]!);
        Assert.Equal(0, (int)body["duplicates"]!);

        var profile = await client.GetObjectAsync($"/v1/profiles/{id}");
        Assert.Equal(3, (int)profile["eventCount"]!);
        Assert.Equal(2, (int)profile["eventCounts"]!["EmailOpened"]!);
        Assert.Equal(s_t0.ToUnixTimeMilliseconds(), DateTimeOffset.Parse((string)profile["firstSeen"]!, System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds());
    }

    [Fact]
    public async Task A_replayed_request_counts_nothing_twice()
    {
        using var client = fixture.Host.Client();
        var id = Api.NewId();
        var batch = $"[{Api.Event("d1", "SmsSent", id, s_t0)},{Api.Event("d2", "SmsLinkClicked", id, s_t0)}]";
        using (var first = await client.PostEventsAsync(batch))
        {
            Assert.Equal(2, (int)(await first.ReadObjectAsync())["accepted"]!);
        }

        using var again = await client.PostEventsAsync($"[{Api.Event("d1", "SmsSent", id, s_t0)},{Api.Event("d3", "SmsSent", id, s_t0)},{Api.Event("d3", "SmsSent", id, s_t0)}]");
        var body = await again.ReadObjectAsync();
        Assert.Equal(1, (int)body["accepted"]!);
        Assert.Equal(2, (int)body["duplicates"]!);
        Assert.Equal(3, (int)(await client.GetObjectAsync($"/v1/profiles/{id}"))["eventCount"]!);
    }

    [Fact]
    public async Task A_request_with_any_invalid_event_is_rejected_whole_listing_every_error()
    {
        using var client = fixture.Host.Client();
        var id = Api.NewId();
        using var response = await client.PostEventsAsync($$$"""
            [{{{Api.Event("ok", "EmailSent", id, s_t0)}}},
             {"eventId":"bad","type":"EmailSent","occurredAt":"2026-11-20 10:15","individualId":"{{{id}}}"},
             {"eventId":"bad2","type":"Purchase","occurredAt":1,"identities":{"email":"nope"},"attributes":{"total":"x"}}]
            """);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray().Select(e => ((int)e!["index"]!, (string)e["field"]!)).ToArray();
        Assert.Equal([(1, "occurredAt"), (2, "identities.email"), (2, "attributes.total")], errors);

        using var missing = await client.GetAsync(new Uri($"/v1/profiles/{id}", UriKind.Relative));
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_LivePerson_example_as_published_is_rejected_with_where_its_JSON_breaks()
    {
        using var client = fixture.Host.Client();
        var text = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "liveperson-conversation-malformed.json"), TestContext.Current.CancellationToken);
        var lines = text.Split('\n');
        var breakLine = Array.FindIndex(lines, l => l.Trim() == "\"serverTimeStamp\": \"1528628536882\"") + 2;

        using var response = await client.PostEventsAsync(text);
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(breakLine, (int)problem["line"]!);
        Assert.Contains($"line {breakLine}, position 1", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LivePerson_numbers_sent_as_strings_are_stored_as_numbers()
    {
        using var client = fixture.Host.Client();
        var id = Api.NewId();
        using var response = await client.PostEventsAsync(
            Api.Event("p1", "Purchase", id, s_t0, """{"total":"78.0","currency":null,"orderId":"Test123"}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var timeline = await client.GetObjectAsync($"/v1/profiles/{id}/timeline");
        var attributes = timeline["events"]![0]!["attributes"]!;
        Assert.Equal(JsonValueKind(78.0), JsonValueKind(attributes["total"]!));
        Assert.Equal(78.0, (double)attributes["total"]!);
    }

    [Fact]
    public async Task Oversized_requests_and_events_are_refused_with_the_limit()
    {
        using var client = fixture.Host.Client();
        var id = Api.NewId();
        var big = new string('x', 20_000);
        var events = Enumerable.Range(0, 30).Select(i => Api.Event($"b{i}", "WebsiteVisited", id, s_t0, $$$"""{"note":"{{{big}}}"}"""));
        using var tooLarge = await client.PostEventsAsync("[" + string.Join(',', events) + "]");
        Assert.Contains("512000", (string)(await tooLarge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge))["detail"]!, StringComparison.Ordinal);

        using var bigEvent = await client.PostEventsAsync(Api.Event("b", "WebsiteVisited", id, s_t0, $$$"""{"note":"{{{big}}}{{{big}}}"}"""));
        Assert.Contains("32768", (string)(await bigEvent.AssertProblemAsync(HttpStatusCode.BadRequest))["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_content_type_and_empty_bodies_are_client_errors()
    {
        using var client = fixture.Host.Client();
        using var text = await client.PostAsync(new Uri("/v1/events", UriKind.Relative), new StringContent("hello"));
        await text.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
        using var empty = await client.PostEventsAsync("");
        await empty.AssertProblemAsync(HttpStatusCode.BadRequest);
        using var scalar = await client.PostEventsAsync("42");
        await scalar.AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    private static string JsonValueKind(double value) => JsonValue.Create(value).GetValueKind().ToString();

    private static string JsonValueKind(JsonNode node) => node.GetValueKind().ToString();
}
