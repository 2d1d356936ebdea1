using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// How the shipped clients' requests arrive: gzipped, as text/plain or a form, with the key in the body,
/// from another origin; and what a browser on another origin may not do.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class TrackingTransportTests(HostFixture fixture)
{
    private const string PageOrigin = "http://127.0.0.1:1";

    [Fact]
    public async Task Gzipped_bodies_are_taken_on_every_ingest_route_and_a_broken_stream_is_a_400_naming_the_body()
    {
        using var admin = fixture.Host.Client();
        using var ingest = fixture.Host.Client(await IdentityMergeTests.CreateKeyAsync(admin, "ingest"));
        var userId = Api.NewId("user");

        // As RudderStack's Node SDK sends a batch: gzipped JSON labelled as a form.
        using var batch = await ingest.PostAsync(new Uri("/v1/batch", UriKind.Relative), Gzipped(
            $$"""{"batch":[{"type":"track","messageId":"gz-1","userId":"{{userId}}","event":"Signed Up"}]}""", "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        Assert.True((bool)(await batch.ReadObjectAsync())["success"]!);

        var profile = await admin.GetObjectAsync($"/v1/profiles/lookup?userId={userId}");
        var individualId = (string)profile["individualId"]!;
        using var events = await ingest.PostAsync(new Uri("/v1/events", UriKind.Relative), Gzipped(
            Api.Event("gz-2", "EmailOpened", individualId, DateTimeOffset.UtcNow), "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, events.StatusCode);
        Assert.Equal(2, (int)(await admin.GetObjectAsync($"/v1/profiles/{individualId}"))["eventCount"]!);

        foreach (var route in new[] { "/v1/track", "/v1/b", "/v1/events", "/v1/sources/dynamics-interactions" })
        {
            using var broken = new ByteArrayContent("not gzip at all"u8.ToArray());
            broken.Headers.ContentType = Api.JsonType;
            broken.Headers.ContentEncoding.Add("gzip");
            using var response = await ingest.PostAsync(new Uri(route, UriKind.Relative), broken);
            var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal("body", (string)problem["field"]!);
        }

        using var brotli = new StringContent("{}", Encoding.UTF8, "application/json");
        brotli.Headers.ContentEncoding.Add("br");
        using var unsupported = await ingest.PostAsync(new Uri("/v1/events", UriKind.Relative), brotli);
        Assert.Equal("Content-Encoding", (string)(await unsupported.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType))["field"]!);
    }

    [Fact]
    public async Task A_small_gzip_that_inflates_past_the_limit_is_413_and_nothing_of_it_is_stored()
    {
        using var admin = fixture.Host.Client();
        using var ingest = fixture.Host.Client(await IdentityMergeTests.CreateKeyAsync(admin, "ingest"));
        var userId = Api.NewId("user");
        var padding = new string('a', 1000);
        var calls = string.Join(',', Enumerable.Range(0, 600).Select(i =>
            $$$"""{"type":"track","messageId":"bomb-{{{i}}}","userId":"{{{userId}}}","event":"Signed Up","properties":{"p":"{{{padding}}}"}}"""));
        var content = Gzipped($$"""{"batch":[{{calls}}]}""", "application/json");
        Assert.True(content.Headers.ContentLength < 20 * 1024, "the compressed body is small");

        using var response = await ingest.PostAsync(new Uri("/v1/batch", UriKind.Relative), content);
        var problem = await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("512000", (string)problem["detail"]!, StringComparison.Ordinal);

        using var missing = await admin.GetAsync(new Uri($"/v1/profiles/lookup?userId={userId}", UriKind.Relative));
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_text_plain_call_with_the_write_key_in_the_body_authenticates_like_a_header_key()
    {
        using var admin = fixture.Host.Client();
        var writeKey = await IdentityMergeTests.CreateKeyAsync(admin, "ingest");
        using var anonymous = fixture.Host.Client(key: null);
        var userId = Api.NewId("user");

        using var accepted = await anonymous.PostAsync(new Uri("/v1/t", UriKind.Relative), new StringContent(
            $$$"""{"writeKey":"{{{writeKey}}}","userId":"{{{userId}}}","event":"Order Completed","properties":{"total":5}}""", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.True((bool)(await accepted.ReadObjectAsync())["success"]!);
        var profile = await admin.GetObjectAsync($"/v1/profiles/lookup?userId={userId}");
        Assert.Equal(1, (int)profile["eventCounts"]!["OrderPlaced"]!);
        var stored = (await admin.GetObjectAsync($"/v1/profiles/{profile["individualId"]}/timeline"))["events"]![0]!.ToJsonString();
        Assert.DoesNotContain(writeKey, stored, StringComparison.Ordinal);

        var wrongKey = new StringContent($$"""{"writeKey":"egk_unknown_key","userId":"{{userId}}","event":"X"}""", Encoding.UTF8, "text/plain");
        using var unknown = await anonymous.PostAsync(new Uri("/v1/i", UriKind.Relative), wrongKey);
        await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized);

        // Without a header, a body that cannot be read cannot show its key: what is wrong with it is the answer.
        using var brokenBody = new ByteArrayContent("not gzip"u8.ToArray());
        brokenBody.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        brokenBody.Headers.ContentEncoding.Add("gzip");
        using var broken = await anonymous.PostAsync(new Uri("/v1/t", UriKind.Relative), brokenBody);
        Assert.Equal("body", (string)(await broken.AssertProblemAsync(HttpStatusCode.BadRequest))["field"]!);

        var readKey = await IdentityMergeTests.CreateKeyAsync(admin, "read");
        using var weak = await anonymous.PostAsync(new Uri("/v1/p", UriKind.Relative),
            new StringContent($$"""{"writeKey":"{{readKey}}","userId":"{{userId}}"}""", Encoding.UTF8, "text/plain"));
        await weak.AssertProblemAsync(HttpStatusCode.Forbidden);

        // The body's key is only looked for where analytics.js sends it: /v1/events takes keys in headers alone.
        using var notHere = await anonymous.PostAsync(new Uri("/v1/events", UriKind.Relative),
            Api.Json($$"""{"writeKey":"{{writeKey}}","eventId":"e","type":"EmailOpened","occurredAt":"2026-01-01T00:00:00Z","individualId":"i"}"""));
        await notHere.AssertProblemAsync(HttpStatusCode.Unauthorized);

        using var ingest = fixture.Host.Client(writeKey);
        using var notJson = await ingest.PostAsync(new Uri("/v1/t", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "text/csv"));
        await notJson.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Every_one_letter_path_is_the_call_type_analytics_js_means_by_it()
    {
        using var admin = fixture.Host.Client();
        var writeKey = await IdentityMergeTests.CreateKeyAsync(admin, "ingest");
        using var anonymous = fixture.Host.Client(key: null);
        var userId = Api.NewId("user");
        foreach (var (path, call) in new[]
        {
            ("t", "\"event\":\"Signed Up\""), ("i", "\"traits\":{\"plan\":\"pro\"}"), ("p", "\"name\":\"Home\""),
            ("s", "\"name\":\"Settings\""), ("g", "\"groupId\":\"acme\""), ("a", $"\"previousId\":\"legacy-{userId}\""),
        })
        {
            using var response = await anonymous.PostAsync(new Uri($"/v1/{path}", UriKind.Relative), new StringContent(
                $$"""{"writeKey":"{{writeKey}}","userId":"{{userId}}",{{call}}}""", Encoding.UTF8, "text/plain"));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/v1/{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        using var batch = await anonymous.PostAsync(new Uri("/v1/b", UriKind.Relative), new StringContent(
            $$"""{"writeKey":"{{writeKey}}","batch":[{"type":"track","userId":"{{userId}}","event":"Email Opened"}]}""", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);

        var counts = (await admin.GetObjectAsync($"/v1/profiles/lookup?userId={userId}"))["eventCounts"]!.AsObject().ToDictionary(p => p.Key, p => (int)p.Value!);
        Assert.Equal(new Dictionary<string, int>
        {
            ["AppEngagement"] = 1,
            ["AttributesUpdated"] = 1,
            ["EmailOpened"] = 1,
            ["GroupIdentified"] = 1,
            ["IdentityAliased"] = 1,
            ["SignedUp"] = 1,
            ["WebsiteVisited"] = 1,
        }, counts);
    }

    [Fact]
    public async Task A_preflight_to_an_ingest_route_is_answered_without_a_key_and_a_read_route_gives_another_origin_nothing()
    {
        using var anonymous = fixture.Host.Client(key: null);
        foreach (var route in new[] { "/v1/t", "/v1/batch", "/v1/events" })
        {
            using var preflight = Preflight(route, "POST", "authorization,content-type");
            using var answer = await anonymous.SendAsync(preflight);
            Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
            Assert.Equal("*", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
            Assert.Contains("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
            Assert.Contains("authorization", answer.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.OrdinalIgnoreCase);
        }

        // A refused send still tells the page why, so its client can log it.
        using var unauthorized = new HttpRequestMessage(HttpMethod.Post, "/v1/t") { Content = new StringContent("{}", Encoding.UTF8, "text/plain") };
        unauthorized.Headers.Add("Origin", PageOrigin);
        using var refused = await anonymous.SendAsync(unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("*", refused.Headers.GetValues("Access-Control-Allow-Origin").Single());

        using var admin = fixture.Host.Client();
        using var read = new HttpRequestMessage(HttpMethod.Get, "/v1/keys");
        read.Headers.Add("Origin", PageOrigin);
        using var answered = await admin.SendAsync(read);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.False(answered.Headers.Contains("Access-Control-Allow-Origin"), "a read route allowed another origin");

        using var readPreflight = Preflight("/v1/profiles/lookup", "GET", "authorization");
        using var readAnswer = await anonymous.SendAsync(readPreflight);
        Assert.False(readAnswer.Headers.Contains("Access-Control-Allow-Origin"), "a read route's preflight allowed another origin");
        Assert.False(readAnswer.Headers.Contains("Access-Control-Allow-Headers"), "a read route's preflight allowed the key header");
    }

    private static HttpRequestMessage Preflight(string route, string method, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, route);
        request.Headers.Add("Origin", PageOrigin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }

    private static ByteArrayContent Gzipped(string json, string contentType)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        var content = new ByteArrayContent(buffer.ToArray());
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        content.Headers.ContentEncoding.Add("gzip");
        return content;
    }
}
