using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

[Collection(HostCollection.Name)]
public sealed class MeasuresApiTests(HostFixture fixture)
{
    private static async Task<JsonNode?> MeasureValueAsync(HttpClient client, string individualId, string measure) =>
        (await client.GetObjectAsync($"/v1/profiles/{individualId}"))["measures"]![measure]?["value"];

    [Theory]
    [InlineData("""{"event":"EmailOpened","aggregate":"median"}""", "aggregate")]
    [InlineData("""{"event":"Purchase","aggregate":"sum"}""", "field")]
    [InlineData("""{"event":"EmailOpened","aggregate":"count","within":"a month"}""", "within")]
    [InlineData("""{"event":"EmailOpened","aggregate":"count","where":{"linkUrl":{"like":"x"}}}""", "where.linkUrl.like")]
    [InlineData("""[1,2]""", "")]
    public async Task Invalid_definitions_get_a_400_naming_the_problem(string definition, string field)
    {
        using var client = fixture.Host.Client();
        using var response = await client.PutAsync(new Uri("/v1/measures/bad_one", UriKind.Relative), Api.Json(definition));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(problem["errors"]!.AsArray(), e => (string)e!["field"]! == field);
        using var missing = await client.GetAsync(new Uri("/v1/measures/bad_one", UriKind.Relative));
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Writing_measures_needs_admin_and_reading_needs_read()
    {
        using var admin = fixture.Host.Client();
        using var created = await admin.PostAsync(new Uri("/v1/keys", UriKind.Relative), Api.Json("""{"scopes":["read"]}"""));
        using var reader = fixture.Host.Client((string)(await created.ReadObjectAsync())["key"]!);
        using var put = await reader.PutAsync(new Uri("/v1/measures/x", UriKind.Relative), Api.Json("""{"event":"A","aggregate":"count"}"""));
        await put.AssertProblemAsync(HttpStatusCode.Forbidden);
        using var list = await reader.GetAsync(new Uri("/v1/measures", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public async Task A_windowed_count_falls_when_the_window_slides_past_an_event_with_no_new_event()
    {
        using var client = fixture.Host.Client();
        var name = Api.UniqueName("clicks_1m");
        await client.PutReadyAsync("measures", name, """{"event":"SmsLinkClicked","aggregate":"count","within":"1m"}""");
        var id = Api.NewId();
        var now = DateTimeOffset.UtcNow;
        var leavesAt = now.AddSeconds(8);
        using (var response = await client.PostEventsAsync($"[{Api.Event("w1", "SmsLinkClicked", id, leavesAt.AddMinutes(-1))},{Api.Event("w2", "SmsLinkClicked", id, now.AddSeconds(-1))}]"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        Assert.Equal(2, (int)(await MeasureValueAsync(client, id, name))!);
        var after = await Poll.UntilAsync(async () =>
        {
            var profile = await client.GetObjectAsync($"/v1/profiles/{id}");
            return (int)profile["measures"]![name]!["value"]! == 1 ? profile : null;
        }, TimeSpan.FromSeconds(30), "the count to fall to 1");

        var computedAt = DateTimeOffset.Parse((string)after["measures"]![name]!["computedAt"]!, CultureInfo.InvariantCulture);
        Assert.InRange(computedAt, leavesAt, leavesAt.AddSeconds(2));
        Assert.Equal(2, (int)after["eventCount"]!);
    }

    [Fact]
    public async Task Seed_measures_opens_in_60_days_sms_clicks_this_month_and_string_purchase_totals()
    {
        using var client = fixture.Host.Client();
        var (opens, clicks, value) = (Api.UniqueName("opens_60d"), Api.UniqueName("sms_clicks_30d"), Api.UniqueName("order_value"));
        await client.PutReadyAsync("measures", opens, """{"event":"EmailOpened","aggregate":"count","within":"60d"}""");
        await client.PutReadyAsync("measures", clicks, """{"event":"SmsLinkClicked","aggregate":"count","within":"30d"}""");
        await client.PutReadyAsync("measures", value, """{"event":["Purchase","OrderPlaced"],"aggregate":"sum","field":"total","where":{"currency":{"eq":"USD"}}}""");

        var id = Api.NewId();
        var now = DateTimeOffset.UtcNow;
        var events = new[]
        {
            Api.Event("o1", "EmailOpened", id, now.AddDays(-59)),
            Api.Event("o2", "EmailOpened", id, now.AddDays(-61)),
            Api.Event("o3", "EmailOpened", id, now.AddDays(-1)),
            Api.Event("s1", "SmsLinkClicked", id, now.AddDays(-29)),
            Api.Event("s2", "SmsLinkClicked", id, now.AddDays(-31)),
            Api.Event("p1", "Purchase", id, now.AddDays(-400), """{"total":"78.0","currency":"USD"}"""),
            Api.Event("p2", "Purchase", id, now.AddDays(-2), """{"total":"11.7","currency":"USD"}"""),
            Api.Event("p3", "OrderPlaced", id, now.AddDays(-2), """{"total":5,"currency":"EUR"}"""),
        };
        using (var response = await client.PostEventsAsync("[" + string.Join(',', events) + "]"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var profile = await client.GetObjectAsync($"/v1/profiles/{id}");
        Assert.Equal(2, (int)profile["measures"]![opens]!["value"]!);
        Assert.Equal(1, (int)profile["measures"]![clicks]!["value"]!);
        Assert.Equal(89.7m, (decimal)profile["measures"]![value]!["value"]!);
    }

    [Fact]
    public async Task A_changed_definition_is_recomputed_and_a_deleted_one_leaves_the_profile()
    {
        using var client = fixture.Host.Client();
        var name = Api.UniqueName("changing");
        var id = Api.NewId();
        var now = DateTimeOffset.UtcNow;
        using (await client.PostEventsAsync($"[{Api.Event("c1", "EmailSent", id, now.AddDays(-1))},{Api.Event("c2", "EmailOpened", id, now.AddDays(-1))},{Api.Event("c3", "EmailOpened", id, now.AddDays(-3))}]"))
        {
        }

        await client.PutReadyAsync("measures", name, """{"event":"EmailOpened","aggregate":"count"}""");
        Assert.Equal(2, (int)(await MeasureValueAsync(client, id, name))!);
        await client.PutReadyAsync("measures", name, """{"event":["EmailOpened","EmailSent"],"aggregate":"count","within":"2d"}""");
        Assert.Equal(2, (int)(await MeasureValueAsync(client, id, name))!);
        Assert.Equal(2, (int)(await client.GetObjectAsync($"/v1/measures/{name}"))["definition"]!["event"]!.AsArray().Count);

        using (var deleted = await client.DeleteAsync(new Uri($"/v1/measures/{name}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        Assert.Null(await MeasureValueAsync(client, id, name));
    }
}
