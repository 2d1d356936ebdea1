using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// The sample frontend as a shop runs it: a process of its own, tracking each page view through the client
/// library, shows its banner to a visitor once the visitor's views put them in the segment defined over HTTP.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class StorefrontTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_banner_appears_on_the_page_view_that_puts_the_visitor_in_the_segment()
    {
        await using var cluster = await LocalCluster.StartAsync(fixture.Server, silos: 1);
        using var admin = cluster.Client();
        var segment = Api.UniqueName("regulars");
        await admin.PutReadyAsync("segments", segment, """{"event":"WebsiteVisited","within":"1d","count":{"gte":3}}""");
        await using var storefront = await StorefrontProcess.StartAsync(cluster, segment);

        // One browser: the cookie jar keeps the anonymous id the first page set.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = storefront.BaseAddress };
        Assert.False(await ShowsBannerAsync(browser, "/"), storefront.Output);
        Assert.False(await ShowsBannerAsync(browser, $"/products/teapot?email={Guid.NewGuid():N}@example.com"));
        Assert.True(await ShowsBannerAsync(browser, "/products/kettle"), "the third view should show the banner");
        Assert.True(await ShowsBannerAsync(browser, "/"));

        // Another browser has its own views: no banner for it.
        using var other = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = storefront.BaseAddress };
        Assert.False(await ShowsBannerAsync(other, "/"));

        // The engine saw the views as one individual, known by the email given on the second.
        using var members = await admin.GetAsync(new Uri($"/v1/segments/{segment}/members", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, members.StatusCode);
        Assert.Single((await members.ReadObjectAsync())["members"]!.AsArray());
    }

    private static async Task<bool> ShowsBannerAsync(HttpClient browser, string path)
    {
        using var page = await browser.GetAsync(new Uri(path, UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        return html.Contains("id=\"banner\"", StringComparison.Ordinal);
    }
}
