using System.Text.Json;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Browsers;
using EngagementGrains.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// The browser tracking clients as they ship, in a page on another origin than the engine: Segment's
/// analytics.js and RudderStack's JavaScript SDK, each told only where the engine is.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class BrowserClientTests(HostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Segments_analytics_js_in_a_page_on_another_origin_sends_page_identify_and_track_to_one_individual(bool batching)
    {
        using var admin = fixture.Host.Client();
        var writeKey = await IdentityMergeTests.CreateKeyAsync(admin, "ingest");
        var userId = Api.NewId("user");
        var engine = fixture.Host.BaseAddress.Authority;

        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var posted = PostsTo(page, fixture.Host.BaseAddress);
        var result = await SendFromPageAsync(page, $"segment.html?api={engine}&writeKey={Uri.EscapeDataString(writeKey)}&userId={userId}{(batching ? "&batching=1" : "")}");

        var profile = await LandedAsync(admin, userId, 3);
        AssertOneVisitor(profile, userId, (string)result["anonymousId"]!, "Grace");
        Assert.Equal(batching ? ["/v1/b"] : ["/v1/i", "/v1/p", "/v1/t"], posted.Distinct().Order(StringComparer.Ordinal));
        var timeline = await admin.GetObjectAsync($"/v1/profiles/{profile["individualId"]}/timeline?types=OrderPlaced");
        var order = timeline["events"]![0]!["attributes"]!;
        Assert.Equal(19.5, (double)order["total"]!);
        Assert.Equal("analytics.js", (string)order["context"]!["library"]!["name"]!);

        // The same page cannot read: the engine gives a read route no CORS headers, so the browser withholds the answer.
        var read = await page.EvaluateAsync<string>(
            """
            async ([api, key, user]) => {
              try {
                const response = await fetch(`http://${api}/v1/profiles/lookup?userId=${user}`, { headers: { Authorization: `Bearer ${key}` } });
                return `read ${response.status}`;
              } catch (error) {
                return 'blocked';
              }
            }
            """,
            new[] { engine, HostProcess.AdminKey, userId });
        Assert.Equal("blocked", read);
    }

    [Fact]
    public async Task RudderStacks_javascript_sdk_bundled_build_in_a_page_on_another_origin_sends_page_identify_and_track()
    {
        using var admin = fixture.Host.Client();
        var writeKey = await IdentityMergeTests.CreateKeyAsync(admin, "ingest");
        var userId = Api.NewId("user");
        var engine = fixture.Host.BaseAddress.ToString().TrimEnd('/');

        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var posted = PostsTo(page, fixture.Host.BaseAddress);
        var result = await SendFromPageAsync(page, $"rudderstack.html?api={Uri.EscapeDataString(engine)}&writeKey={Uri.EscapeDataString(writeKey)}&userId={userId}");

        var profile = await LandedAsync(admin, userId, 3);
        AssertOneVisitor(profile, userId, (string)result["anonymousId"]!, "Hedy");
        Assert.Equal(["/v1/identify", "/v1/page", "/v1/track"], posted.Distinct().Order(StringComparer.Ordinal));
    }

    // The paths the page posted to on the engine, as the browser sent them (a list the page's events add to).
    private static System.Collections.Concurrent.ConcurrentQueue<string> PostsTo(IPage page, Uri engine)
    {
        var posted = new System.Collections.Concurrent.ConcurrentQueue<string>();
        page.Request += (_, request) =>
        {
            var url = new Uri(request.Url);
            if (request.Method == "POST" && url.Authority == engine.Authority)
            {
                posted.Enqueue(url.AbsolutePath);
            }
        };
        return posted;
    }

    private async Task<JsonObject> SendFromPageAsync(IPage page, string path)
    {
        var console = new List<string>();
        page.Console += (_, message) => console.Add(message.Text);
        var response = await page.GotoAsync(new Uri(browser.SiteOrigin, path).ToString());
        Assert.True(response?.Ok, $"The page did not load: {response?.Status}");
        var sent = JsonNode.Parse((await page.EvaluateAsync<JsonElement>("() => window.sent")).GetRawText())!.AsObject();
        Assert.True(sent["failures"]!.AsArray().Count == 0, $"The client reported failures: {sent["failures"]!.ToJsonString()}; console: {string.Join(" | ", console)}");
        return sent;
    }

    // The clients deliver on their own schedule after the calls return; the profile is polled until all are there.
    private static Task<JsonObject> LandedAsync(HttpClient admin, string userId, int events) =>
        Poll.UntilAsync(async () =>
        {
            using var response = await admin.GetAsync(new Uri($"/v1/profiles/lookup?userId={userId}", UriKind.Relative));
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var profile = await response.ReadObjectAsync();
            return (int)profile["eventCount"]! >= events ? profile : null;
        }, TimeSpan.FromSeconds(30), $"{events} events of {userId}");

    private static void AssertOneVisitor(JsonObject profile, string userId, string anonymousId, string firstName)
    {
        var counts = profile["eventCounts"]!.AsObject().ToDictionary(p => p.Key, p => (int)p.Value!);
        Assert.Equal(new Dictionary<string, int> { ["AttributesUpdated"] = 1, ["OrderPlaced"] = 1, ["WebsiteVisited"] = 1 }, counts);
        Assert.Equal(firstName, (string)profile["attributes"]!["firstName"]!);
        Assert.Equal($"{userId}@example.com", (string)profile["identities"]!["email"]![0]!);
        Assert.Equal(userId, (string)profile["identities"]!["userId"]![0]!);
        // The page view before identify carried the anonymous id alone: it is on the same individual.
        Assert.Equal(anonymousId, (string)profile["identities"]!["anonymousId"]![0]!);
    }
}
