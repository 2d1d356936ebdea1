using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// What an operator sees of one request: a single trace from the HTTP request through the grains to the
/// storage commit and the membership write, and Prometheus metrics that counted it.
/// </summary>
public sealed partial class ObservabilityTests
{
    [Fact]
    public async Task One_event_is_one_trace_from_HTTP_to_storage_and_membership_and_is_counted_at_metrics()
    {
        await using var host = await HostProcess.StartAsync(
            environment: new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "console" }, keepEveryLine: true);
        using var admin = host.Client();
        var segment = Api.UniqueName("openers");
        await admin.PutReadyAsync("segments", segment, """{"event":"EmailOpened","within":"30d"}""");
        var before = AcceptedCount(await ScrapeAsync(host));

        var occurredAt = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("O", CultureInfo.InvariantCulture);
        using (var sent = await admin.PostEventsAsync($$$"""
            [{"eventId":"o-1","type":"EmailOpened","occurredAt":"{{{occurredAt}}}","identities":{"email":"{{{Guid.NewGuid():N}}}@example.com"}},
             {"eventId":"o-2","type":"EmailOpened","occurredAt":"{{{occurredAt}}}","identities":{"email":"{{{Guid.NewGuid():N}}}@example.com"}}]
            """))
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        // Spans are printed as they end, the server's last: wait for the request's trace to hold the membership write.
        var trace = await Poll.UntilAsync(() => Task.FromResult(RequestTrace(host.Lines)), TimeSpan.FromSeconds(20), "the request's trace");
        Assert.Contains(trace, s => ConsoleSpans.Field(s, "DisplayName") == "POST /v1/events" && ConsoleSpans.Field(s, "Kind") == "Server");
        Assert.Contains(trace, s => s.Contains("IEventIntakeGrain", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Contains("IIdentityGrain", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Contains("IIndividualGrain", StringComparison.Ordinal));
        Assert.Equal(2, trace.Count(s => IsStorageSpan(s, "eventlog.append")));
        Assert.Contains(trace, s => IsStorageSpan(s, "membership.apply") && s.Contains($"engagement.segments.entered: {segment}", StringComparison.Ordinal));

        // The exporter caches a scrape briefly: poll until the count moved by the two events sent.
        var scrape = await Poll.UntilAsync(async () =>
        {
            var text = await ScrapeAsync(host);
            return AcceptedCount(text) == before + 2 ? text : null;
        }, TimeSpan.FromSeconds(10), "the accepted count to move by 2");
        Assert.Contains(scrape.Split('\n'), l => l.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(scrape.Split('\n'), l => l.StartsWith("engagementgrains_ingest_ack_latency", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_can_be_kept_for_admin_keys()
    {
        await using var host = await HostProcess.StartAsync(
            environment: new Dictionary<string, string> { ["EngagementGrains__Metrics__RequireAdminKey"] = "true" });
        using var anonymous = host.Client(key: null);
        using (var refused = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var admin = host.Client();
        using var scraped = await admin.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        Assert.Equal("text/plain", scraped.Content.Headers.ContentType?.MediaType);
    }

    private static async Task<string> ScrapeAsync(HostProcess host)
    {
        using var anonymous = host.Client(key: null);
        using var response = await anonymous.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static double AcceptedCount(string scrape) =>
        AcceptedLine().Matches(scrape).Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    // Every span of the trace that began with POST /v1/events, once it holds the membership write; else null.
    private static List<string>? RequestTrace(IReadOnlyList<string> lines)
    {
        var spans = ConsoleSpans.Parse(lines);
        var server = spans.FirstOrDefault(s => ConsoleSpans.Field(s, "DisplayName") == "POST /v1/events");
        if (server is null)
        {
            return null;
        }

        var traceId = TraceIdOf(server);
        var trace = spans.Where(s => TraceIdOf(s) == traceId).ToList();
        return trace.Any(s => IsStorageSpan(s, "membership.apply")) ? trace : null;
    }

    private static bool IsStorageSpan(string span, string name) =>
        ConsoleSpans.Field(span, "DisplayName") == name && span.Contains("EngagementGrains.Storage", StringComparison.Ordinal);

    private static string? TraceIdOf(string span) => ConsoleSpans.Field(span, "TraceId");

    [GeneratedRegex(@"^engagementgrains_events_accepted(_total)?(\{[^}]*\})? (?<value>[0-9.eE+]+)", RegexOptions.Multiline)]
    private static partial Regex AcceptedLine();
}
