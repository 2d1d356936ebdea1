using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// Real silos and a gateway sharing a real PostgreSQL, with silos killed, stopped, added and the database
/// taken away under load. Clients retry 5xx and timeouts with the same event ids, as real clients do.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterFaultTests(ClusterFixture fixture)
{
    private const string OpensMeasure = "opens";
    private const string EngagedSegment = "engaged";
    private const int EngagedOpens = 15;

    [Fact]
    public async Task Silos_killed_every_few_seconds_during_ingest_lose_no_acknowledged_event_and_count_none_twice()
    {
        await using var cluster = await LocalCluster.StartAsync(fixture.Server, silos: 3);
        using var client = cluster.Client();
        client.Timeout = TimeSpan.FromSeconds(15);
        await DefineAsync(client);

        const int Individuals = 2000;
        const int PerIndividual = 50;
        var batches = Batches("kill", Individuals, PerIndividual, individualsPerBatch: 5);
        var sender = new RetryingSender(client, TimeSpan.FromSeconds(180));
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var kills = 0;
        var chaos = Task.Run(async () =>
        {
            for (var round = 0; !stop.IsCancellationRequested; round++)
            {
                await Task.Delay(TimeSpan.FromSeconds(3), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                var victim = round % cluster.SiloCount;
                await cluster.KillSiloAsync(victim);
                kills++;
                await cluster.StartSiloAsync(victim);
            }
        });

        var acknowledged = 0L;
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (batch, token) =>
        {
            var ack = await sender.SendAsync(batch.Json, token);
            Interlocked.Add(ref acknowledged, (int)ack["accepted"]! + (int)ack["duplicates"]!);
        });
        var ingestTime = clock.Elapsed;
        await stop.CancelAsync();
        await chaos;

        Assert.True(kills >= 2, $"only {kills} silos were killed during the ingest");
        Assert.Equal(Individuals * PerIndividual, acknowledged);
        await AssertExactlyOnceAndRecomputedAsync(cluster, client, "kill", Individuals, PerIndividual);
        TestContext.Current.SendDiagnosticMessage(
            $"kill -9: {acknowledged} events acknowledged in {ingestTime.TotalSeconds:0.0}s, {kills} silos killed, {sender.Retries} retries ({sender.Unavailable} answered 503), lost 0, duplicates 0");
    }

    private static async Task DefineAsync(HttpClient client)
    {
        await client.PutReadyAsync("measures", OpensMeasure, """{"event":"EmailOpened","aggregate":"count"}""");
        await client.PutReadyAsync("segments", EngagedSegment, $$"""{"measure":"{{OpensMeasure}}","gte":{{EngagedOpens}}}""");
    }

    // Individual i opens i % 30 of its emails: about half the individuals end up in the segment.
    private static List<(string Json, int Events)> Batches(string prefix, int individuals, int perIndividual, int individualsPerBatch)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-5);
        var batches = new List<(string, int)>();
        for (var first = 0; first < individuals; first += individualsPerBatch)
        {
            var events = new JsonArray();
            for (var i = first; i < Math.Min(individuals, first + individualsPerBatch); i++)
            {
                for (var j = 0; j < perIndividual; j++)
                {
                    events.Add(new JsonObject
                    {
                        ["eventId"] = $"e{j}",
                        ["type"] = j < i % 30 ? "EmailOpened" : "EmailSent",
                        ["occurredAt"] = start.AddMinutes(j).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                        ["individualId"] = $"{prefix}-{i:D5}",
                    });
                }
            }

            batches.Add((events.ToJsonString(), events.Count));
        }

        return batches;
    }

    /// <summary>
    /// Every event is in the log once; every profile, measure and membership is what the log says:
    /// the recompute is a SQL query over the log.
    /// </summary>
    private static async Task AssertExactlyOnceAndRecomputedAsync(LocalCluster cluster, HttpClient client, string prefix, int individuals, int perIndividual)
    {
        var stored = await cluster.ScalarAsync<long>($"SELECT count(*) FROM eg_events WHERE individual_id LIKE '{prefix}-%'");
        var distinct = await cluster.ScalarAsync<long>($"SELECT count(DISTINCT (individual_id, event_id)) FROM eg_events WHERE individual_id LIKE '{prefix}-%'");
        Assert.Equal(individuals * perIndividual, stored);
        Assert.Equal(stored, distinct);

        var reader = new RetryingReader(client);
        await Parallel.ForEachAsync(Enumerable.Range(0, individuals), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var profile = await reader.GetAsync($"/v1/profiles/{prefix}-{i:D5}");
            var opens = Math.Min(i % 30, perIndividual);
            Assert.Equal(perIndividual, (int)profile["eventCount"]!);
            Assert.Equal(opens, (int)profile["measures"]![OpensMeasure]!["value"]!);
            Assert.Equal(opens >= EngagedOpens, profile["segments"]!.AsObject().ContainsKey(EngagedSegment));
        });

        var members = (await cluster.RowsAsync($"SELECT individual_id FROM eg_segment_members WHERE segment = '{EngagedSegment}' AND individual_id LIKE '{prefix}-%' ORDER BY 1"))
            .Select(r => (string)r[0]).ToArray();
        var recomputed = (await cluster.RowsAsync(
            $"SELECT individual_id FROM eg_events WHERE type = 'EmailOpened' AND individual_id LIKE '{prefix}-%' GROUP BY individual_id HAVING count(*) >= {EngagedOpens} ORDER BY 1"))
            .Select(r => (string)r[0]).ToArray();
        Assert.Equal(recomputed, members);
    }

    /// <summary>Reads through outages: a 5xx or a timeout is read again.</summary>
    private sealed class RetryingReader(HttpClient client)
    {
        public async Task<JsonObject> GetAsync(string path)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (true)
            {
                try
                {
                    using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return (await response.ReadObjectAsync())!;
                    }

                    Assert.True((int)response.StatusCode >= 500, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                }

                Assert.True(DateTime.UtcNow < deadline, $"GET {path} did not succeed within 60s");
                await Task.Delay(200);
            }
        }
    }
}
