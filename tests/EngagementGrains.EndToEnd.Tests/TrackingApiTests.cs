using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

[Collection(HostCollection.Name)]
public sealed class TrackingApiTests(HostFixture fixture)
{
    [Fact]
    public async Task Segments_own_node_client_delivers_every_call_type_and_the_profile_shows_them()
    {
        using var admin = fixture.Host.Client();
        var writeKey = await IdentityMergeTests.CreateKeyAsync(admin, "ingest");
        var userId = Api.NewId("user");

        var output = await NodeScript.RunAsync("segment-client", "@segment/analytics-node", "send.mjs",
            fixture.Host.BaseAddress.ToString().TrimEnd('/'), writeKey, userId);
        Assert.Contains("delivered 7 calls", output, StringComparison.Ordinal);

        var profile = await admin.GetObjectAsync($"/v1/profiles/lookup?userId={userId}");
        var counts = profile["eventCounts"]!.AsObject().ToDictionary(p => p.Key, p => (int)p.Value!);
        Assert.Equal(new Dictionary<string, int>
        {
            ["AppEngagement"] = 1,
            ["AttributesUpdated"] = 1,
            ["GroupIdentified"] = 1,
            ["IdentityAliased"] = 1,
            ["OrderPlaced"] = 1,
            ["SignedUp"] = 1,
            ["WebsiteVisited"] = 1,
        }, counts);
        Assert.Equal("Ada", (string)profile["attributes"]!["firstName"]!);
        Assert.Null(profile["attributes"]!["context"]);
        Assert.Equal($"{userId}@example.com", (string)profile["identities"]!["email"]![0]!);
        Assert.Equal(new[] { $"anon-{userId}", $"legacy-{userId}" }, profile["identities"]!["anonymousId"]!.AsArray().Select(v => (string)v!).Order());

        // The anonymous page view was merged in by the identify call that named both ids.
        var individualId = (string)profile["individualId"]!;
        var timeline = await admin.GetObjectAsync($"/v1/profiles/{individualId}/timeline?types=SignedUp,OrderPlaced,WebsiteVisited");
        var events = timeline["events"]!.AsArray().ToDictionary(e => (string)e!["type"]!, e => e!);
        var signedUp = DateTimeOffset.Parse((string)events["SignedUp"]["occurredAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow - signedUp, TimeSpan.FromMinutes(55), TimeSpan.FromMinutes(65));
        Assert.Equal(42.5, (double)events["OrderPlaced"]["attributes"]!["total"]!);
        Assert.Equal("Order Completed", (string)events["OrderPlaced"]["attributes"]!["event"]!);
        Assert.Equal("@segment/analytics-node", (string)events["OrderPlaced"]["attributes"]!["context"]!["library"]!["name"]!);
        Assert.Equal("https://shop.example/pricing", (string)events["WebsiteVisited"]["attributes"]!["pageUrl"]!);
    }

    [Fact]
    public async Task A_batch_is_idempotent_by_message_id_and_corrected_for_the_clients_clock()
    {
        using var admin = fixture.Host.Client();
        using var client = WriteKeyClient(await IdentityMergeTests.CreateKeyAsync(admin, "ingest"));
        var userId = Api.NewId("user");

        // The client's clock runs two hours fast: it says it sent the batch at +2h and the call happened 10 minutes before that.
        var skewed = DateTimeOffset.UtcNow.AddHours(2);
        var body = $$$"""
            {"batch":[
              {"type":"track","messageId":"m-1","userId":"{{{userId}}}","event":"Email Opened","properties":{"campaignId":"c-9"},"timestamp":"{{{skewed.AddMinutes(-10):O}}}"},
              {"type":"identify","messageId":"m-2","userId":"{{{userId}}}","traits":{"plan":"gold","phone":"+1 (555) 010-2030"}}
            ],"sentAt":"{{{skewed:O}}}","context":{"library":{"name":"curl"} } }
            """;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await client.PostAsync(new Uri("/v1/batch", UriKind.Relative), Api.Json(body));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True((bool)(await response.ReadObjectAsync())["success"]!);
        }

        var profile = await admin.GetObjectAsync($"/v1/profiles/lookup?userId={userId}");
        Assert.Equal(2, (int)profile["eventCount"]!);
        Assert.Equal("gold", (string)profile["attributes"]!["plan"]!);
        Assert.Equal("+15550102030", (string)profile["identities"]!["phone"]![0]!);
        var opened = (await admin.GetObjectAsync($"/v1/profiles/{profile["individualId"]}/timeline?types=EmailOpened"))["events"]![0]!;
        var at = DateTimeOffset.Parse((string)opened["occurredAt"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow - at, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(11));
        Assert.Equal("curl", (string)opened["attributes"]!["context"]!["library"]!["name"]!);
    }

    [Fact]
    public async Task Invalid_calls_get_400_naming_the_call_and_field_and_nothing_of_the_batch_is_stored()
    {
        using var admin = fixture.Host.Client();
        using var client = WriteKeyClient(await IdentityMergeTests.CreateKeyAsync(admin, "ingest"));
        var userId = Api.NewId("user");
        var big = new string('x', 33 * 1024);
        var body = $$$"""
            {"batch":[
              {"type":"track","messageId":"ok-1","userId":"{{{userId}}}","event":"Signed Up"},
              {"type":"track","messageId":"bad-1","event":"Signed Up"},
              {"type":"track","messageId":"bad-2","userId":"{{{userId}}}"},
              {"type":"launch","messageId":"bad-3","userId":"{{{userId}}}"},
              {"type":"identify","messageId":"bad-4","userId":"{{{userId}}}","timestamp":"yesterday"},
              {"type":"identify","messageId":"bad-5","userId":"{{{userId}}}","traits":{"email":"not-an-email"}},
              {"type":"track","messageId":"bad-6","userId":"{{{userId}}}","event":"Big","properties":{"blob":"{{{big}}}"}}
            ]}
            """;
        using var response = await client.PostAsync(new Uri("/v1/batch", UriKind.Relative), Api.Json(body));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray().Select(e => ((int)e!["index"]!, (string)e["field"]!)).ToArray();
        Assert.Contains((1, "userId"), errors);
        Assert.Contains((2, "event"), errors);
        Assert.Contains((3, "type"), errors);
        Assert.Contains((4, "timestamp"), errors);
        Assert.Contains((5, "traits.email"), errors);
        Assert.Contains((6, ""), errors);
        Assert.DoesNotContain(errors, e => e.Item1 == 0);

        using var missing = await admin.GetAsync(new Uri($"/v1/profiles/lookup?userId={userId}", UriKind.Relative));
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);

        using var tooLarge = await client.PostAsync(new Uri("/v1/track", UriKind.Relative),
            Api.Json($$$"""{"userId":"{{{userId}}}","event":"Big","properties":{"blob":"{{{big}}}"}}"""));
        await tooLarge.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        using var malformed = await client.PostAsync(new Uri("/v1/identify", UriKind.Relative), Api.Json("""{"userId":"u","traits":{"""));
        var broken = await malformed.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("line 1", (string)broken["detail"]!, StringComparison.Ordinal);

        using var anonymous = fixture.Host.Client(key: null);
        using var unauthorized = await anonymous.PostAsync(new Uri("/v1/track", UriKind.Relative), Api.Json("""{"userId":"u","event":"X"}"""));
        await unauthorized.AssertProblemAsync(HttpStatusCode.Unauthorized);

        using var wrongKey = WriteKeyClient("egk_unknown_key");
        using var rejected = await wrongKey.PostAsync(new Uri("/v1/track", UriKind.Relative), Api.Json("""{"userId":"u","event":"X"}"""));
        await rejected.AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private HttpClient WriteKeyClient(string writeKey)
    {
        var client = fixture.Host.Client(key: null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(writeKey + ":")));
        return client;
    }
}
