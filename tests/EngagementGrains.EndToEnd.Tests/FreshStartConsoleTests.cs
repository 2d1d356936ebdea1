using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>What a person sees in the console of a fresh start: a short banner, then quiet.</summary>
public sealed class FreshStartConsoleTests
{
    /// <summary>One screen.</summary>
    public const int MaxStartLines = 25;

    /// <summary>The last line of the start-up banner.</summary>
    public const string BannerEnd = "Ctrl+C stops.";

    /// <summary>Waits for the banner and returns the console up to its end, asserting it fits on one screen.</summary>
    internal static async Task<IReadOnlyList<string>> BannerAsync(HostProcess host)
    {
        var lines = await Poll.UntilAsync(
            () => Task.FromResult(host.Lines is var all && all.Any(l => l.EndsWith(BannerEnd, StringComparison.Ordinal)) ? all : null),
            TimeSpan.FromSeconds(30), "the start-up banner");
        var start = lines.TakeWhile(l => !l.EndsWith(BannerEnd, StringComparison.Ordinal)).Append(lines.First(l => l.EndsWith(BannerEnd, StringComparison.Ordinal))).ToArray();
        Assert.True(start.Length <= MaxStartLines, $"{start.Length} lines before the Host was ready:{Environment.NewLine}{string.Join(Environment.NewLine, start)}");
        return start;
    }

    [Fact]
    public async Task A_fresh_start_prints_a_short_banner_and_no_line_per_request()
    {
        var directory = Path.Combine(Path.GetTempPath(), "eg-console-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var host = await HostProcess.StartAsUserAsync(directory, fromSource: false);
            var banner = await BannerAsync(host);
            var text = string.Join(Environment.NewLine, banner);
            Assert.Contains(host.BaseAddress.ToString().TrimEnd('/'), text, StringComparison.Ordinal);
            Assert.Contains($"{host.BaseAddress}docs", text, StringComparison.Ordinal);
            Assert.Contains($"{host.BaseAddress}openapi/v1.json", text, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(directory, "data"), text, StringComparison.Ordinal);
            var key = banner.Select(l => System.Text.RegularExpressions.Regex.Match(l, @"Admin key +(egk_\S+)")).First(m => m.Success).Groups[1].Value;
            Assert.DoesNotContain(banner, l => l.Contains(" info:", StringComparison.Ordinal));

            using (var client = host.Client(key))
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v1/catalog", UriKind.Relative))).StatusCode);
                Assert.Equal(HttpStatusCode.Accepted, (await client.PostEventsAsync(Api.Event("c-1", "EmailSent", "console-1", DateTimeOffset.UtcNow))).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/v1/profiles/console-1", UriKind.Relative))).StatusCode);
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/v1/profiles/nobody", UriKind.Relative))).StatusCode);
                Assert.Equal(HttpStatusCode.BadRequest, (await client.PostEventsAsync("{}")).StatusCode);
            }

            // A graceful stop flushes the console, so what the requests logged is all there by the exit.
            Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(60)));
            var after = host.Lines.SkipWhile(l => !l.EndsWith(BannerEnd, StringComparison.Ordinal)).Skip(1).ToArray();
            Assert.True(after.Length == 0, $"The console logged after the banner:{Environment.NewLine}{string.Join(Environment.NewLine, after)}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Verbose_asks_for_the_start_up_details()
    {
        await using var host = await HostProcess.StartAsync(arguments: ["--verbose"]);
        var lines = await Poll.UntilAsync(
            () => Task.FromResult(host.Lines is var all && all.Any(l => l.StartsWith("Logging at Information", StringComparison.Ordinal)) ? all : null),
            TimeSpan.FromSeconds(30), "the banner of a verbose start");
        Assert.Contains(lines, l => l.Contains(" info: Microsoft.Hosting.Lifetime", StringComparison.Ordinal));
    }
}
