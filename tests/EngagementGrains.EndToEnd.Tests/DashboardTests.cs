using System.Net;
using System.Text.RegularExpressions;
using EngagementGrains.EndToEnd.Tests.Browsers;
using EngagementGrains.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// The operators' dashboard at /dashboard in Chromium against the real Host run from its build output in
/// Production: sign-in with a key, the live overview, a person, a segment's live size, the definition editor's
/// field errors, and what a read key may not see. Each test takes a screenshot of its page: into docs/screenshots
/// with <c>DASHBOARD_SCREENSHOTS=1</c> (to refresh the README's pictures), otherwise into a temporary directory,
/// so a test run leaves the repository as it found it.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class DashboardTests(HostFixture fixture, BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string s_screenshots = Environment.GetEnvironmentVariable("DASHBOARD_SCREENSHOTS") == "1"
        ? Path.Combine(RepositoryPaths.Root, "docs", "screenshots")
        : Path.Combine(Path.GetTempPath(), "eg-dashboard-screenshots");

    [Fact]
    public async Task A_wrong_key_is_refused_and_the_overview_rate_moves_as_events_are_acknowledged()
    {
        await using var context = await browser.Browser.NewContextAsync(Viewport());
        var page = await context.NewPageAsync();
        await page.GotoAsync(Url("/dashboard"));
        Assert.EndsWith("/dashboard/sign-in", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);

        await page.FillAsync("#key", "egk_not-a-key");
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The key is");
        await Assertions.Expect(page.Locator("#rate-now")).ToHaveCountAsync(0);

        await SignInAsync(page, HostProcess.AdminKey);
        var rate = page.Locator("#rate-now");
        await Assertions.Expect(rate).ToBeVisibleAsync();

        using var client = fixture.Host.Client();
        var sent = 0;
        await Poll.UntilAsync(async () =>
        {
            var batch = string.Join(',', Enumerable.Range(0, 20).Select(i =>
                Api.Event($"o-{sent}-{i}", "EmailSent", Api.NewId(), DateTimeOffset.UtcNow.AddMinutes(-1))));
            sent++;
            using var response = await client.PostEventsAsync($"[{batch}]");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var shown = double.Parse(await rate.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            return shown > 0 ? "moved" : null;
        }, TimeSpan.FromSeconds(20), "the overview's events/s to move");

        await Assertions.Expect(page.Locator("#silos td").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#health")).ToContainTextAsync("storage");
        await Assertions.Expect(page.Locator("#latency")).ToContainTextAsync("ms");
        await ShotAsync(page, "overview");
    }

    [Fact]
    public async Task A_person_is_found_by_a_contact_point_and_their_timeline_pages()
    {
        using var client = fixture.Host.Client();
        var email = $"{Guid.NewGuid():N}@example.com";
        var events = string.Join(',', Enumerable.Range(0, 12).Select(i =>
            $$$"""{"eventId":"p-{{{email}}}-{{{i}}}","type":"EmailOpened","occurredAt":"{{{DateTimeOffset.UtcNow.AddMinutes(-60 + i):O}}}","identities":{"email":"{{{email.ToUpperInvariant()}}}"}}"""));
        using (var response = await client.PostEventsAsync($"[{events}]"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await using var context = await browser.Browser.NewContextAsync(Viewport());
        var page = await context.NewPageAsync();
        await SignInAsync(page, HostProcess.AdminKey, "/dashboard/people");
        await page.SelectOptionAsync("#identity-type", "email");
        await page.FillAsync("#identity-value", email.ToUpperInvariant());
        await page.ClickAsync("#find");

        await Assertions.Expect(page.Locator("#event-count")).ToHaveTextAsync("12");
        await Assertions.Expect(page.Locator("#timeline tr[data-event]")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("#timeline tr[data-event]").First).ToHaveAttributeAsync("data-event", $"p-{email}-11");
        await Assertions.Expect(page.Locator("#identities")).ToContainTextAsync(email);
        await ShotAsync(page, "person");

        await page.ClickAsync("#older");
        await Assertions.Expect(page.Locator("#timeline-page")).ToHaveTextAsync("page 2");
        await Assertions.Expect(page.Locator("#timeline tr[data-event]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#older")).ToBeDisabledAsync();
        await page.ClickAsync("#newer");
        await Assertions.Expect(page.Locator("#timeline tr[data-event]")).ToHaveCountAsync(10);
    }

    [Fact]
    public async Task A_segments_size_and_chart_change_within_2_s_of_an_event_that_enters_someone_whose_explanation_opens()
    {
        using var client = fixture.Host.Client();
        var segment = Api.UniqueName("dash");
        await client.PutReadyAsync("segments", segment, """{"consent":"sms","eq":"unsubscribed"}""");

        await using var context = await browser.Browser.NewContextAsync(Viewport());
        var page = await context.NewPageAsync();
        await SignInAsync(page, HostProcess.AdminKey, $"/dashboard/segments/{segment}");
        var size = page.Locator("#segment-size");
        var chart = page.Locator("svg[data-chart=segment-size]");
        // The Host is shared: people other tests sent may have unsubscribed from SMS already, and the backfill finds them.
        var before = (await client.GetObjectAsync($"/v1/segments/{segment}/members?limit=100"))["members"]!.AsArray().Count;
        var after = (before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(size).ToHaveTextAsync(before.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-last", before.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#definition")).ToContainTextAsync("unsubscribed");

        var phone = $"+1555{Random.Shared.Next(1_000_000, 9_999_999)}";
        using (var response = await client.PostEventsAsync(
            $$$"""{"eventId":"s-{{{segment}}}","type":"Unsubscribe","occurredAt":"{{{DateTimeOffset.UtcNow.AddSeconds(-5):O}}}","identities":{"phone":"{{{phone}}}","email":"{{{segment}}}@example.com"},"attributes":{"keyword":"STOP"}}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var within = new LocatorAssertionsToHaveTextOptions { Timeout = 2_000 };
        await Assertions.Expect(size).ToHaveTextAsync(after, within);
        await Assertions.Expect(chart).ToHaveAttributeAsync("data-last", after, new LocatorAssertionsToHaveAttributeOptions { Timeout = 2_000 });
        await Assertions.Expect(page.Locator("#changes")).ToContainTextAsync("enter");
        await ShotAsync(page, "segment");

        await page.GotoAsync(Url("/dashboard/people"));
        await InteractiveAsync(page);
        await page.SelectOptionAsync("#identity-type", "phone");
        await page.FillAsync("#identity-value", phone);
        await page.ClickAsync("#find");
        var membership = page.Locator($"li[data-membership='{segment}']");
        await membership.Locator("button.explain").ClickAsync();
        await Assertions.Expect(membership.Locator(".explanation [data-held=true]").First).ToBeVisibleAsync();
        await Assertions.Expect(membership.Locator(".explanation")).ToContainTextAsync("unsubscribed");
        await ShotAsync(page, "explanation");
    }

    [Fact]
    public async Task A_wrong_definition_shows_the_field_error_and_a_right_one_is_saved_and_backfilled()
    {
        await using var context = await browser.Browser.NewContextAsync(Viewport());
        var page = await context.NewPageAsync();
        await SignInAsync(page, HostProcess.AdminKey, "/dashboard/definitions");
        var name = Api.UniqueName("edited");
        await page.SelectOptionAsync("#definition-kind", "segments");
        await page.FillAsync("#definition-name", name);
        await page.FillAsync("#definition-json", """{"all":[{"event":"EmailOpened","within":"soon"}]}""");
        await page.ClickAsync("#save-definition");
        await Assertions.Expect(page.Locator("#definition-errors [data-field='all[0].within']")).ToBeVisibleAsync();
        await ShotAsync(page, "define");

        await page.FillAsync("#definition-json", """{"all":[{"event":"EmailOpened","within":"30d"}]}""");
        await page.ClickAsync("#save-definition");
        await Assertions.Expect(page.Locator("#definition-saved")).ToContainTextAsync(name);
        using var client = fixture.Host.Client();
        await client.GetObjectAsync($"/v1/segments/{name}");

        await page.GotoAsync(Url("/dashboard/backfills"));
        await InteractiveAsync(page);
        await Assertions.Expect(page.Locator($"tr[data-definition='segments/{name}']")).ToContainTextAsync("ready", new LocatorAssertionsToContainTextOptions { Timeout = 60_000 });
        await ShotAsync(page, "backfills");
    }

    [Fact]
    public async Task A_read_key_sees_no_admin_parts_and_the_Orleans_Dashboard_refuses_it_but_not_an_admin()
    {
        using var admin = fixture.Host.Client();
        var readKey = await IdentityMergeTests.CreateKeyAsync(admin, "read");
        var ingestKey = await IdentityMergeTests.CreateKeyAsync(admin, "ingest");

        await using var reader = await browser.Browser.NewContextAsync(Viewport());
        var page = await reader.NewPageAsync();
        await page.GotoAsync(Url("/dashboard/sign-in"));
        await page.FillAsync("#key", ingestKey);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("cannot read");

        await SignInAsync(page, readKey);
        await Assertions.Expect(page.Locator("#rate-now")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-admin]")).ToHaveCountAsync(0);
        var definitions = await page.GotoAsync(Url("/dashboard/definitions"));
        Assert.Equal(403, definitions!.Status);
        await Assertions.Expect(page.Locator("#definition-json")).ToHaveCountAsync(0);
        var orleans = await page.GotoAsync(Url("/dashboard/orleans"));
        Assert.Equal(403, orleans!.Status);

        await using var operatorContext = await browser.Browser.NewContextAsync(Viewport());
        var operatorPage = await operatorContext.NewPageAsync();
        await SignInAsync(operatorPage, HostProcess.AdminKey);
        await Assertions.Expect(operatorPage.Locator("[data-admin=orleans]")).ToBeVisibleAsync();
        var mounted = await operatorPage.GotoAsync(Url("/dashboard/orleans"));
        Assert.Equal(200, mounted!.Status);
        await ShotAsync(operatorPage, "orleans");
    }

    [Fact]
    public async Task A_segments_size_history_is_sampled_into_grain_storage_and_its_chart_survives_a_kill()
    {
        // Sampled every second here (once a minute by default); one sample a minute is kept either way.
        var settings = new Dictionary<string, string> { ["EngagementGrains__Dashboard__SampleInterval"] = "00:00:01" };
        var data = HostProcess.NewDataDirectory();
        var segment = Api.UniqueName("kept");
        try
        {
            await using (var host = await HostProcess.StartAsync(data, environment: settings))
            {
                using var client = host.Client();
                await client.PutReadyAsync("segments", segment, """{"consent":"sms","eq":"unsubscribed"}""");
                using (var response = await client.PostEventsAsync(
                    $$$"""{"eventId":"k-1","type":"Unsubscribe","occurredAt":"{{{DateTimeOffset.UtcNow.AddSeconds(-5):O}}}","identities":{"email":"{{{segment}}}@example.com","phone":"+15557654321"}}"""))
                {
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                }

                await using var context = await browser.Browser.NewContextAsync(Viewport());
                var page = await context.NewPageAsync();
                await SignInAsync(page, host.BaseAddress, HostProcess.AdminKey, $"/dashboard/segments/{segment}");
                await Assertions.Expect(page.Locator("#samples")).ToHaveTextAsync("1", new LocatorAssertionsToHaveTextOptions { Timeout = 15_000 });
            }

            // Killed with SIGKILL and started again on the same data: the history is grain state, not memory.
            await using (var again = await HostProcess.StartAsync(data, environment: settings))
            {
                await using var context = await browser.Browser.NewContextAsync(Viewport());
                var page = await context.NewPageAsync();
                await SignInAsync(page, again.BaseAddress, HostProcess.AdminKey, $"/dashboard/segments/{segment}");
                await Assertions.Expect(page.Locator("#samples")).Not.ToHaveTextAsync("0");
                var chart = page.Locator("svg[data-chart=segment-size]");
                await Assertions.Expect(chart).ToHaveAttributeAsync("data-last", "1");
                Assert.True(int.Parse(await chart.GetAttributeAsync("data-points") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 2);
            }
        }
        finally
        {
            HostProcess.DeleteDataDirectory(data);
        }
    }

    private string Url(string path) => new Uri(fixture.Host.BaseAddress, path).ToString();

    private Task SignInAsync(IPage page, string key, string path = "/dashboard") => SignInAsync(page, fixture.Host.BaseAddress, key, path);

    private static async Task SignInAsync(IPage page, Uri host, string key, string path)
    {
        await page.GotoAsync(new Uri(host, $"/dashboard/sign-in?ReturnUrl={Uri.EscapeDataString(path)}").ToString());
        await page.FillAsync("#key", key);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(new Regex(Regex.Escape(path) + "$"));
        await InteractiveAsync(page);
    }

    // Blazor's script loaded and its connection up: the page's components answer clicks from then on.
    private static Task InteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("[data-interactive=true]")).ToHaveCountAsync(1, new LocatorAssertionsToHaveCountOptions { Timeout = 15_000 });

    private static BrowserNewContextOptions Viewport() => new() { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } };

    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(s_screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, name + ".png"), FullPage = true });
    }
}
