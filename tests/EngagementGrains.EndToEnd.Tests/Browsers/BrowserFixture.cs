using EngagementGrains.EndToEnd.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EngagementGrains.EndToEnd.Tests.Browsers;

/// <summary>
/// One headless Chromium (the system's, never a downloaded one) shared by the browser tests, and the site
/// that serves the tracking clients' pages from tests/browser-clients on an origin other than the engine's.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium package; tests/run.sh installs it when it is missing.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private StaticSite? _site;

    internal IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not started.");

    internal Uri SiteOrigin => (_site ?? throw new InvalidOperationException("The site is not started.")).Origin;

    public async ValueTask InitializeAsync()
    {
        var clients = Path.Combine(RepositoryPaths.Root, "tests", "browser-clients");
        var modules = Path.Combine(clients, "node_modules");
        Assert.True(Directory.Exists(Path.Combine(modules, "@segment", "analytics-next")) && Directory.Exists(Path.Combine(modules, "@rudderstack", "analytics-js")),
            "The browser clients are not installed: run the test command (bash tests/run.sh), which runs npm ci in tests/browser-clients.");
        Assert.True(File.Exists(ChromiumPath), $"Chromium is not installed at {ChromiumPath}: run the test command (bash tests/run.sh), which installs Debian's chromium.");

        // Where the clients' own pages would find them on their CDNs, here served from the installed packages.
        _site = new StaticSite(
        [
            ("/", clients),
            ("/analytics-next/bundles/", Path.Combine(modules, "@segment", "analytics-next", "dist", "umd")),
            ("/rudderstack/", Path.Combine(modules, "@rudderstack", "analytics-js", "dist", "npm", "modern", "bundled", "umd")),
        ]);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }
}
