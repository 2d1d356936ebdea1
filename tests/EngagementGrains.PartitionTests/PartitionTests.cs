using EngagementGrains.Tests.Reporting;
using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;
using EngagementGrains.PartitionTests.Infrastructure;

namespace EngagementGrains.PartitionTests;

/// <summary>
/// Network partitions between real processes: silos, an HTTP gateway and PostgreSQL each in a network
/// namespace of their own, links cut and healed under load. Afterwards no acknowledged event is lost or
/// counted twice, every profile, measure and membership is what the log says (also after every silo is
/// restarted and reads its state back, which a stale second copy's writes would have spoiled), and the time
/// until the cut-off part was served again is printed.
/// </summary>
[Collection(PartitionCollection.Name)]
public sealed class PartitionTests(PartitionFixture fixture) : IAsyncLifetime
{
    private const string OpensMeasure = "opens";
    private const string EngagedSegment = "engaged";
    private const int EngagedOpens = 15;
    private const int DeadStatus = 6; // Orleans' SiloStatus.Dead in the membership table

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (TestNetwork.Unavailable is null)
        {
            await fixture.Network.HealAllAsync();
        }
    }

    [Fact]
    public async Task A_silo_cut_off_from_the_other_silos_is_voted_out_and_its_individuals_are_served_by_the_rest()
    {
        await using var cluster = await StartAsync();
        using var client = cluster.Client();
        await using var load = await LoadAsync(client, "iso");

        // Silo 3 still reaches the database and the gateway, but not the other silos.
        var isolated = fixture.Silos[2];
        var cut = DateTime.UtcNow;
        await fixture.Network.CutAsync(isolated, fixture.Silos[0]);
        await fixture.Network.CutAsync(isolated, fixture.Silos[1]);

        // The two others vote it dead; it reads that in the membership table and stops itself.
        await Poll.UntilAsync(
            async () => await cluster.ScalarAsync<long>(
                $"SELECT count(*) FROM orleansmembershiptable WHERE deploymentid = '{cluster.ClusterId}' AND address = '{isolated.Address}' AND status = {DeadStatus}") > 0 ? "" : null,
            TimeSpan.FromSeconds(60), "the isolated silo to be declared dead");
        var declaredDead = DateTime.UtcNow - cut;
        await Poll.UntilAsync(() => Task.FromResult(cluster.IsRunning(2) ? null : ""), TimeSpan.FromSeconds(60), "the isolated silo to stop itself");
        var stopped = DateTime.UtcNow - cut;
        await Poll.UntilAsync(() => Task.FromResult(DateTime.UtcNow - cut > stopped + TimeSpan.FromSeconds(4) ? "" : null), TimeSpan.FromSeconds(90), "4 s of load after it stopped");
        var measured = DateTime.UtcNow;
        var servedAgain = load.ServedAgainAfter(cut, measured);
        var longest = load.LongestWaitAfter(cut);
        var failures = load.FailuresAfter(cut);
        var timeline = load.Timeline(cut, measured);

        // Healed, it is started again as a supervisor does, and takes its share.
        await fixture.Network.HealAllAsync();
        await cluster.KillSiloAsync(2);
        await cluster.StartSiloAsync(2);
        await load.StopAsync();

        Figures.Report(
            $"silo cut off from the other silos: declared dead {declaredDead.TotalSeconds:0.0}s and stopped itself {stopped.TotalSeconds:0.0}s after the cut; " +
            $"batches acknowledged in every second from {servedAgain.TotalSeconds:0}s after the cut (per second: {timeline}); longest wait {longest.TotalSeconds:0.0}s; " +
            $"{failures} (retried); {load.Acknowledged} events, lost 0, duplicates 0");
        Assert.True(servedAgain <= TimeSpan.FromSeconds(15), $"the service stalled until {servedAgain.TotalSeconds:0}s after the cut ({timeline})");
        await AssertExactAsync(cluster, client, "iso", load.Acknowledged, afterRestart: true);
    }

    [Fact]
    public async Task A_silo_cut_off_from_PostgreSQL_leaves_the_cluster_and_its_individuals_are_served_by_the_rest()
    {
        await using var cluster = await StartAsync();
        using var client = cluster.Client();
        await using var load = await LoadAsync(client, "nodb");

        // Silo 2 still reaches the other silos and the gateway, but not the database, which the others reach.
        var departure = await CutOffFromStorageAsync(cluster, load, fixture.Database);
        // The sessions it left open on the server (a transaction begun, its locks held) are ended by the others.
        var departed = fixture.Silos[1].Address;
        var name = await Poll.UntilAsync(
            async () => (await cluster.RowsAsync(
                $"SELECT siloname FROM orleansmembershiptable WHERE deploymentid = '{cluster.ClusterId}' AND address = '{departed}' AND status = {DeadStatus}"))
                .Select(r => (string)r[0]).FirstOrDefault(),
            TimeSpan.FromSeconds(30), "the departed silo to be declared dead");
        await Poll.UntilAsync(
            async () => await cluster.ScalarAsync<long>($"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{name}'") == 0 ? "" : null,
            TimeSpan.FromSeconds(20), $"the sessions of the departed silo {name} to be ended");
        var ended = DateTime.UtcNow - departure.Cut;
        await RejoinAsync(cluster, load);

        Figures.Report(
            $"silo cut off from PostgreSQL: it left the cluster {departure.Left.TotalSeconds:0.0}s after the cut, its sessions on the server were ended by {ended.TotalSeconds:0.0}s; {departure.Served(load)}");
        Assert.True(departure.ServedAgain <= TimeSpan.FromSeconds(20), $"the service stalled until {departure.ServedAgain.TotalSeconds:0}s after the cut ({departure.Timeline})");
        await AssertExactAsync(cluster, client, "nodb", load.Acknowledged, afterRestart: true);
    }

    [Fact]
    public async Task A_silo_cut_off_from_one_log_partition_leaves_the_cluster_and_its_individuals_are_served_by_the_rest()
    {
        await using var cluster = await StartAsync(partitionedLog: true);
        using var client = cluster.Client();
        await using var load = await LoadAsync(client, "onepart");

        // Silo 2 still reaches the main database, the other silos and the gateway, but not the second server, which
        // holds about half of the individuals' logs and which the others reach.
        var departure = await CutOffFromStorageAsync(cluster, load, fixture.LogDatabase);
        await RejoinAsync(cluster, load);

        Figures.Report($"silo cut off from one of two log partitions: it left the cluster {departure.Left.TotalSeconds:0.0}s after the cut; {departure.Served(load)}");
        Assert.True(departure.ServedAgain <= TimeSpan.FromSeconds(20), $"the service stalled until {departure.ServedAgain.TotalSeconds:0}s after the cut ({departure.Timeline})");
        await AssertExactAsync(cluster, client, "onepart", load.Acknowledged, afterRestart: true);
    }

    [Fact]
    public async Task The_gateway_cut_off_from_one_silo_loses_nothing_and_is_served_again_once_healed()
    {
        await using var cluster = await StartAsync();
        using var client = cluster.Client();
        await using var load = await LoadAsync(client, "gwcut");

        // The silo stays in the cluster (the other silos and the database reach it); only this gateway does not.
        var cut = DateTime.UtcNow;
        await fixture.Network.CutAsync(fixture.Gateway, fixture.Silos[0]);
        // Longer than the gateway's 10-s response timeout, so what hung at the cut has answered by the heal.
        await Poll.UntilAsync(() => Task.FromResult(DateTime.UtcNow - cut > TimeSpan.FromSeconds(12) ? "" : null), TimeSpan.FromSeconds(30), "12 s of load with the gateway cut off from a silo");
        var healed = DateTime.UtcNow;
        await fixture.Network.HealAllAsync();
        await Poll.UntilAsync(() => Task.FromResult(DateTime.UtcNow - healed > TimeSpan.FromSeconds(8) ? "" : null), TimeSpan.FromSeconds(30), "8 s of load after healing");
        await load.StopAsync();

        var measured = DateTime.UtcNow;
        var servedAgain = load.ServedAgainAfter(healed, measured);
        var longest = load.LongestWaitAfter(cut);
        var failures = load.FailuresAfter(cut);
        var timeline = load.Timeline(cut, measured);
        Figures.Report(
            $"gateway cut off from 1 of 3 silos for 12 s: batches acknowledged in every second from {servedAgain.TotalSeconds:0}s after healing " +
            $"(per second from the cut: {timeline}); longest wait {longest.TotalSeconds:0.0}s; {failures} (retried); {load.Acknowledged} events, lost 0, duplicates 0");
        Assert.True(servedAgain <= TimeSpan.FromSeconds(5), $"the service stalled until {servedAgain.TotalSeconds:0}s after healing ({timeline})");
        await AssertExactAsync(cluster, client, "gwcut", load.Acknowledged, afterRestart: false);
    }

    // Settings to try, from the environment of the test run (PARTITION_ENV="Name=Value;Name=Value").
    // Cuts silo 2 off from a database's host, waits for it to leave, then lets the load run 8 s more without it.
    private async Task<Departure> CutOffFromStorageAsync(PartitionedCluster cluster, SteadyLoad load, NetworkHost database)
    {
        var cut = DateTime.UtcNow;
        await fixture.Network.CutAsync(fixture.Silos[1], database);
        await Poll.UntilAsync(() => Task.FromResult(cluster.IsRunning(1) ? null : ""), TimeSpan.FromSeconds(60), $"the silo cut off from {database.Name} to leave");
        var left = DateTime.UtcNow - cut;
        // The cut lasts on: the rest serve its individuals without it.
        await Poll.UntilAsync(() => Task.FromResult(DateTime.UtcNow - cut > left + TimeSpan.FromSeconds(8) ? "" : null), TimeSpan.FromSeconds(90), "8 s of load after it left");
        var measured = DateTime.UtcNow;
        return new Departure(cut, left, load.ServedAgainAfter(cut, measured), load.LongestWaitAfter(cut), load.FailuresAfter(cut), load.Timeline(cut, measured));
    }

    // Healed, the silo that left is started again as a supervisor does, and takes its share; then the load stops.
    private async Task RejoinAsync(PartitionedCluster cluster, SteadyLoad load)
    {
        await fixture.Network.HealAllAsync();
        await cluster.KillSiloAsync(1);
        await cluster.StartSiloAsync(1);
        await load.StopAsync();
    }

    /// <summary>What the load saw from a cut until 8 s after the silo cut off had left.</summary>
    private sealed record Departure(DateTime Cut, TimeSpan Left, TimeSpan ServedAgain, TimeSpan Longest, string Failures, string Timeline)
    {
        public string Served(SteadyLoad load) =>
            $"batches acknowledged in every second from {ServedAgain.TotalSeconds:0}s after the cut, the cut still on (per second: {Timeline}); " +
            $"longest wait {Longest.TotalSeconds:0.0}s; {Failures} (retried); {load.Acknowledged} events, lost 0, duplicates 0";
    }

    private static Dictionary<string, string> Experiment() =>
        (Environment.GetEnvironmentVariable("PARTITION_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);

    private async Task<PartitionedCluster> StartAsync(bool partitionedLog = false)
    {
        Assert.SkipWhen(TestNetwork.Unavailable is not null, TestNetwork.Unavailable ?? "");
        var cluster = await PartitionedCluster.StartAsync(fixture.Server, fixture.Silos, fixture.Gateway, Experiment(), partitionedLog ? fixture.LogServer : null);
        using var client = cluster.Client();
        await client.PutReadyAsync("measures", OpensMeasure, """{"event":"EmailOpened","aggregate":"count"}""");
        await client.PutReadyAsync("segments", EngagedSegment, $$"""{"measure":"{{OpensMeasure}}","gte":{{EngagedOpens}}}""");
        return cluster;
    }

    private static async Task<SteadyLoad> LoadAsync(HttpClient client, string prefix)
    {
        client.Timeout = TimeSpan.FromSeconds(60);
        var load = SteadyLoad.Start(client, prefix);
        await Poll.UntilAsync(() => Task.FromResult(load.AcknowledgedAttempts > 200 ? "" : null), TimeSpan.FromSeconds(60), "the load to be under way");
        return load;
    }

    /// <summary>
    /// Every acknowledged event is in the log once, and every profile, measure and membership is what the
    /// log says; with <paramref name="afterRestart"/>, again after every silo is killed and started, so the
    /// profiles are read back from what was stored.
    /// </summary>
    private async Task AssertExactAsync(PartitionedCluster cluster, HttpClient client, string prefix, int acknowledged, bool afterRestart)
    {
        // Each individual's rows are in one of the log's databases; over all of them, every event once.
        var logged = new List<(string Id, long Events, long Distinct, long Opens)>();
        foreach (var database in cluster.LogDatabases)
        {
            logged.AddRange((await cluster.RowsAsync(
                    $"SELECT individual_id, count(*), count(DISTINCT event_id), count(*) FILTER (WHERE type = 'EmailOpened') FROM eg_events WHERE individual_id LIKE '{prefix}-%' GROUP BY individual_id",
                    database))
                .Select(r => (Id: (string)r[0], Events: (long)r[1], Distinct: (long)r[2], Opens: (long)r[3])));
        }

        Assert.Equal(logged.Count, logged.Select(l => l.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(acknowledged, logged.Sum(l => l.Events));
        Assert.Equal(acknowledged, logged.Sum(l => l.Distinct));
        var expected = logged.Select(l => (l.Id, l.Events, l.Opens)).ToArray();

        await AssertProfilesAsync(client, expected);
        var members = (await cluster.RowsAsync($"SELECT individual_id FROM eg_segment_members WHERE segment = '{EngagedSegment}' AND individual_id LIKE '{prefix}-%' ORDER BY 1"))
            .Select(r => (string)r[0]).ToArray();
        Assert.Equal(expected.Where(e => e.Opens >= EngagedOpens).Select(e => e.Id).Order(StringComparer.Ordinal).ToArray(), members);

        if (afterRestart)
        {
            for (var silo = 0; silo < fixture.Silos.Count; silo++)
            {
                await cluster.KillSiloAsync(silo);
            }

            await Task.WhenAll(Enumerable.Range(0, fixture.Silos.Count).Select(cluster.StartSiloAsync));
            await AssertProfilesAsync(client, expected);
        }
    }

    private static async Task AssertProfilesAsync(HttpClient client, IReadOnlyList<(string Id, long Events, long Opens)> expected)
    {
        await Parallel.ForEachAsync(expected, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (person, token) =>
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            var last = "";
            while (true)
            {
                try
                {
                    using var response = await client.GetAsync(new Uri($"/v1/profiles/{person.Id}", UriKind.Relative), token);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        var profile = (await response.ReadObjectAsync())!;
                        Assert.Equal(person.Events, (long)profile["eventCount"]!);
                        Assert.Equal(person.Opens, (long)profile["measures"]![OpensMeasure]!["value"]!);
                        Assert.Equal(person.Opens >= EngagedOpens, profile["segments"]!.AsObject().ContainsKey(EngagedSegment));
                        return;
                    }

                    last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(token)}";
                    Assert.True((int)response.StatusCode >= 500, $"GET {person.Id}: {last}");
                }
                catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
                {
                    last = error.Message;
                }

                Assert.True(DateTime.UtcNow < deadline, $"the profile of {person.Id} was not served within 60 s; the last answer: {last}");
                await Task.Delay(TimeSpan.FromMilliseconds(200), token);
            }
        });
    }
}

/// <summary>The partition tests share one test network and run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PartitionCollection : ICollectionFixture<PartitionFixture>
{
    public const string Name = "partition";
}
