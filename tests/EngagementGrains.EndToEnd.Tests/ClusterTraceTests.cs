using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>In a cluster, the trace a gateway starts for a request goes on in the silo that stores its events.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterTraceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task The_silos_storage_span_is_in_the_trace_of_the_gateways_request()
    {
        await using var cluster = await LocalCluster.StartAsync(fixture.Server, silos: 1,
            environment: new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "console" }, keepEveryLine: true);
        using var admin = cluster.Client();
        using (var sent = await admin.PostEventsAsync(Api.Event("t-1", "EmailOpened", Api.NewId(), DateTimeOffset.UtcNow.AddMinutes(-1))))
        {
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        }

        var traceId = await Poll.UntilAsync(() => Task.FromResult(ConsoleSpans.Parse(cluster.Gateway.Lines)
            .Where(s => ConsoleSpans.Field(s, "DisplayName") == "POST /v1/events" && ConsoleSpans.Field(s, "Kind") == "Server")
            .Select(s => ConsoleSpans.Field(s, "TraceId"))
            .FirstOrDefault()), TimeSpan.FromSeconds(20), "the gateway's server span");
        await Poll.UntilAsync(() => Task.FromResult(ConsoleSpans.Parse(cluster.SiloLines(0))
            .FirstOrDefault(s => ConsoleSpans.Field(s, "TraceId") == traceId && ConsoleSpans.Field(s, "DisplayName") == "eventlog.append")),
            TimeSpan.FromSeconds(20), "the silo's append in the gateway's trace");
    }
}
