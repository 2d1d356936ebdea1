using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>Crash and restart of the real Host process: nothing acknowledged is lost, nothing is counted twice.</summary>
public sealed partial class DurabilityTests
{
    private const int Individuals = 200;
    private const int BatchSize = 50;
    private static readonly DateTimeOffset s_t0 = DateTimeOffset.UtcNow.AddDays(-1);

    [GeneratedRegex(@"Admin key +(egk_\S+)")]
    private static partial Regex PrintedAdminKey();

    private static (string Json, string[] Individuals, string[] EventIds) Batch(string run, int k)
    {
        var individuals = new string[BatchSize];
        var ids = new string[BatchSize];
        var events = new string[BatchSize];
        for (var j = 0; j < BatchSize; j++)
        {
            individuals[j] = $"ind-{run}-{(k * 7 + j * 13) % Individuals}";
            ids[j] = $"b{k}-{j}";
            events[j] = Api.Event(ids[j], j % 4 == 0 ? "EmailOpened" : "EmailSent", individuals[j], s_t0.AddSeconds(k * BatchSize + j));
        }

        return ("[" + string.Join(',', events) + "]", individuals, ids);
    }

    private static async Task<HashSet<string>> TimelineIdsAsync(HttpClient client, string individualId)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetObjectAsync($"/v1/profiles/{individualId}/timeline?limit=1000" + (cursor is null ? "" : $"&cursor={cursor}"));
            ids.AddRange(page["events"]!.AsArray().Select(e => (string)e!["eventId"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        var distinct = ids.ToHashSet(StringComparer.Ordinal);
        Assert.Equal(ids.Count, distinct.Count);
        return distinct;
    }

    [Fact]
    public async Task Every_acknowledged_event_survives_kill_9_and_resending_everything_counts_nothing_twice()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var dataDirectory = HostProcess.NewDataDirectory();
        try
        {
            var attempted = new ConcurrentDictionary<int, bool>();
            var acknowledged = new ConcurrentDictionary<int, bool>();
            await using (var host = await HostProcess.StartAsync(dataDirectory))
            {
                using var client = host.Client();
                var next = -1;
                using var stop = new CancellationTokenSource();
                var senders = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var k = Interlocked.Increment(ref next);
                        attempted[k] = true;
                        try
                        {
                            using var response = await client.PostEventsAsync(Batch(run, k).Json);
                            if (response.StatusCode == HttpStatusCode.Accepted)
                            {
                                acknowledged[k] = true;
                            }
                        }
                        catch (HttpRequestException)
                        {
                            return;
                        }
                        catch (TaskCanceledException)
                        {
                            return;
                        }
                    }
                })).ToArray();

                await Poll.UntilAsync(() => Task.FromResult(acknowledged.Count >= 60 ? "enough" : null), TimeSpan.FromSeconds(60), "60 acknowledged batches");
                await host.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(senders);
            }

            Assert.True(acknowledged.Count >= 60);
            var expectedAcked = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            var expectedAll = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var k in attempted.Keys)
            {
                var (_, individuals, ids) = Batch(run, k);
                for (var j = 0; j < BatchSize; j++)
                {
                    (expectedAll.TryGetValue(individuals[j], out var all) ? all : expectedAll[individuals[j]] = []).Add(ids[j]);
                    if (acknowledged.ContainsKey(k))
                    {
                        (expectedAcked.TryGetValue(individuals[j], out var acked) ? acked : expectedAcked[individuals[j]] = []).Add(ids[j]);
                    }
                }
            }

            await using (var restarted = await HostProcess.StartAsync(dataDirectory))
            {
                using var client = restarted.Client();
                foreach (var (individual, ids) in expectedAcked)
                {
                    var stored = await TimelineIdsAsync(client, individual);
                    Assert.Subset(stored, ids);
                }

                // A client that saw no answer retries with the same eventIds; the result must be exactly once.
                foreach (var k in attempted.Keys)
                {
                    using var response = await client.PostEventsAsync(Batch(run, k).Json);
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                }

                foreach (var (individual, ids) in expectedAll)
                {
                    var profile = await client.GetObjectAsync($"/v1/profiles/{individual}");
                    Assert.Equal(ids.Count, (int)profile["eventCount"]!);
                    Assert.Equal(ids, await TimelineIdsAsync(client, individual));
                }
            }
        }
        finally
        {
            HostProcess.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task SIGTERM_drains_exits_0_and_a_restart_has_every_event_and_key()
    {
        var dataDirectory = HostProcess.NewDataDirectory();
        try
        {
            var id = Api.NewId();
            string readKey;
            await using (var host = await HostProcess.StartAsync(dataDirectory))
            {
                using var client = host.Client();
                for (var k = 0; k < 5; k++)
                {
                    var events = Enumerable.Range(0, 40).Select(j => Api.Event($"g{k}-{j}", "EmailSent", id, s_t0.AddMinutes(k * 40 + j)));
                    using var response = await client.PostEventsAsync("[" + string.Join(',', events) + "]");
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                }

                using var created = await client.PostAsync(new Uri("/v1/keys", UriKind.Relative), Api.Json("""{"scopes":["read"]}"""));
                readKey = (string)(await created.ReadObjectAsync())["key"]!;
                Assert.Equal(0, await host.TerminateAsync(TimeSpan.FromSeconds(60)));
            }

            await using var restarted = await HostProcess.StartAsync(dataDirectory);
            using var reader = restarted.Client(readKey);
            var profile = await reader.GetObjectAsync($"/v1/profiles/{id}");
            Assert.Equal(200, (int)profile["eventCount"]!);
        }
        finally
        {
            HostProcess.DeleteDataDirectory(dataDirectory);
        }
    }

    [Fact]
    public async Task Without_a_configured_admin_key_the_first_start_prints_one_that_works()
    {
        var dataDirectory = HostProcess.NewDataDirectory();
        try
        {
            string key;
            await using (var host = await HostProcess.StartAsync(dataDirectory, adminKey: null))
            {
                var printed = await Poll.UntilAsync(
                    () => Task.FromResult(PrintedAdminKey().Match(host.Output) is { Success: true } m ? m.Groups[1].Value : null),
                    TimeSpan.FromSeconds(30), "the admin key to be printed");
                key = printed;
                using var client = host.Client(key);
                using var created = await client.PostAsync(new Uri("/v1/keys", UriKind.Relative), Api.Json("""{"scopes":["ingest"]}"""));
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                await host.TerminateAsync(TimeSpan.FromSeconds(60));
            }

            await using var again = await HostProcess.StartAsync(dataDirectory, adminKey: null);
            using var same = again.Client(key);
            using var catalog = await same.GetAsync(new Uri("/v1/catalog", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
            Assert.DoesNotMatch(PrintedAdminKey(), again.Output);
        }
        finally
        {
            HostProcess.DeleteDataDirectory(dataDirectory);
        }
    }
}
