using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;
using EngagementGrains.Tests.Postgres;
using static EngagementGrains.EndToEnd.Tests.Infrastructure.IdentityEvents;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// A cluster whose individuals are partitioned over two PostgreSQL servers: each person's events, wake-up and
/// snapshot in one of them, every answer as one database would give it, and a silo configured otherwise refused.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class PartitionedLogTests(ClusterFixture fixture)
{
    private const int People = 40;

    [Fact]
    public async Task Individuals_partitioned_over_two_servers_get_the_answers_one_database_gives()
    {
        await using var second = await PrivatePostgres.StartAsync(RepositoryPaths.Root);
        using var clock = new ClockFile(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
        await using var cluster = await LocalCluster.StartAsync(fixture.Server, 2, clock.Environment, logPartitions: [second]);
        using var client = cluster.Client();
        await client.PutReadyAsync("measures", "opens_7d", """{"event":"EmailOpened","aggregate":"count","within":"7d"}""");
        await client.PutReadyAsync("segments", "opened_twice", """{"measure":"opens_7d","gte":2}""");

        // Person i opened (i % 3) + 1 emails in the last day.
        var now = clock.Now;
        var events = Enumerable.Range(0, People).SelectMany(i => Enumerable.Range(0, (i % 3) + 1)
            .Select(k => Event($"o{i}-{k}", "EmailOpened", now.AddHours(-(k + 1)), new() { ["email"] = Email(i) })));
        await PostAsync(client, events);
        var ids = new string[People];
        for (var i = 0; i < People; i++)
        {
            var profile = await LookupAsync(client, "email", Email(i));
            ids[i] = (string)profile["individualId"]!;
            Assert.Equal((i % 3) + 1, (int)profile["measures"]!["opens_7d"]!["value"]!);
        }

        // Each server holds some of the people, none holds anyone twice, and a person's snapshot is beside its events.
        var databases = new[] { cluster.ConnectionString, cluster.LogPartitions[0] };
        var holders = await Task.WhenAll(databases.Select(d => IndividualsAsync(cluster, d, "SELECT DISTINCT individual_id FROM eg_events")));
        Assert.All(holders, h => Assert.NotEmpty(h));
        Assert.Empty(holders[0].Intersect(holders[1]));
        Assert.Equal(ids.Order(StringComparer.Ordinal), holders[0].Concat(holders[1]).Order(StringComparer.Ordinal));

        var twice = Enumerable.Range(0, People).Where(i => i % 3 >= 1).Select(i => ids[i]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(twice, await MembersAsync(client, "opened_twice"));
        Assert.Equal((long)Enumerable.Range(0, People).Sum(i => (i % 3) + 1), (long)(await client.GetObjectAsync("/v1/admin/stats"))["eventsLogged"]!);

        // A measure defined afterwards is backfilled over both partitions.
        await client.PutReadyAsync("measures", "opens_30d", """{"event":"EmailOpened","aggregate":"count","within":"30d"}""");
        var backfill = await client.GetObjectAsync("/v1/measures/opens_30d");
        Assert.Equal(People, (long)backfill["progress"]!["processed"]!);
        for (var i = 0; i < People; i++)
        {
            Assert.Equal((i % 3) + 1, (int)(await client.GetObjectAsync($"/v1/profiles/{ids[i]}"))["measures"]!["opens_30d"]!["value"]!);
        }

        // Two people in different partitions turn out to be one: the survivor folds both, in its own partition.
        var (a, b) = (Array.IndexOf(ids, holders[0][0]), Array.IndexOf(ids, holders[1][0]));
        await PostAsync(client, [Event("link-1", "AttributesUpdated", now.AddMinutes(-2), new() { ["email"] = Email(a), ["userId"] = "u-link" })]);
        await PostAsync(client, [Event("link-2", "AttributesUpdated", now.AddMinutes(-1), new() { ["email"] = Email(b), ["userId"] = "u-link" })]);
        var merged = await LookupAsync(client, "email", Email(b));
        Assert.Equal((string)merged["individualId"]!, (string)(await LookupAsync(client, "email", Email(a)))["individualId"]!);
        Assert.Equal((a % 3) + 1 + (b % 3) + 1, (int)merged["measures"]!["opens_7d"]!["value"]!);

        // Time alone moves everyone out: wake-ups are kept, and found, in both partitions.
        clock.Advance(TimeSpan.FromDays(8));
        await Poll.UntilAsync(async () => (await MembersAsync(client, "opened_twice")).Length == 0 ? "empty" : null,
            TimeSpan.FromSeconds(30), "every member to leave opened_twice as the window slides past their opens");

        // Stopped, every silo writes its individuals' snapshots, each beside the individual's events; started again,
        // each individual is read back from its own partition.
        await cluster.StopSiloAsync(0);
        await cluster.StopSiloAsync(1);
        var snapshotted = new HashSet<string>(StringComparer.Ordinal);
        for (var d = 0; d < databases.Length; d++)
        {
            var snapshots = (await IndividualsAsync(cluster, databases[d], "SELECT split_part(grain_id, '/', 2) FROM eg_grain_state")).Where(ids.Contains).ToHashSet();
            Assert.Subset(holders[d].ToHashSet(), snapshots);
            snapshotted.UnionWith(snapshots);
        }

        Assert.Equal(People, snapshotted.Count);
        await cluster.StartSiloAsync(0);
        await cluster.StartSiloAsync(1);
        var restarted = await Poll.UntilAsync(async () =>
        {
            try
            {
                return await client.GetObjectAsync($"/v1/profiles/{ids[People - 1]}");
            }
            catch (Xunit.Sdk.XunitException)
            {
                return null;
            }
        }, TimeSpan.FromSeconds(60), "the restarted cluster to serve a profile");
        Assert.NotNull(restarted);
        for (var i = 0; i < People; i++)
        {
            var profile = await LookupAsync(client, "email", Email(i));
            var expected = i == a || i == b ? (a % 3) + 1 + (b % 3) + 1 : (i % 3) + 1;
            Assert.Equal(0, (int)profile["measures"]!["opens_7d"]!["value"]!);
            Assert.Equal(expected, (int)profile["measures"]!["opens_30d"]!["value"]!);
        }

        // A silo given the same databases in another order would look for people in the wrong one: it refuses to start.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => HostProcess.StartAsync(
            arguments: ["--role", "silo", "--storage", "postgres", "--postgres", cluster.LogPartitions[0], "--cluster-id", cluster.ClusterId],
            environment: new Dictionary<string, string> { ["EngagementGrains__Postgres__LogPartitions__0"] = cluster.ConnectionString }));
        Assert.Contains("holds partition 1 of 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("same order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_partition_server_down_stops_only_the_people_it_holds_and_loses_nothing()
    {
        await using var second = await PrivatePostgres.StartAsync(RepositoryPaths.Root);
        await using var cluster = await LocalCluster.StartAsync(fixture.Server, 2, logPartitions: [second]);
        using var client = cluster.Client();
        client.Timeout = TimeSpan.FromSeconds(15);
        var people = Enumerable.Range(0, 20).Select(i => $"outage-{i:D2}").ToArray();
        var sent = people.ToDictionary(p => p, _ => 0, StringComparer.Ordinal);
        async Task<HttpStatusCode> SendAsync(string person, string? retryAfterMustBe = null)
        {
            using var response = await client.PostEventsAsync(Api.Event($"e{sent[person]}", "EmailOpened", person, DateTimeOffset.UtcNow.AddMinutes(-1)));
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                sent[person]++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.NotNull(response.Headers.RetryAfter);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            }

            return response.StatusCode;
        }

        foreach (var person in people)
        {
            Assert.Equal(HttpStatusCode.Accepted, await SendAsync(person));
        }

        var onSecond = (await IndividualsAsync(cluster, cluster.LogPartitions[0], "SELECT DISTINCT individual_id FROM eg_events")).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(onSecond);
        Assert.NotEqual(people.Length, onSecond.Count);
        var onMain = people.Where(p => !onSecond.Contains(p)).ToArray();

        // The second server goes down: its people are answered 503 with Retry-After, and nothing is stored for them.
        await second.StopServerAsync();
        var down = onSecond.First();
        await Poll.UntilAsync(async () => await SendAsync(down) == HttpStatusCode.ServiceUnavailable ? "" : null,
            TimeSpan.FromSeconds(20), $"a 503 for {down}, whose partition is down");

        // Everyone else is served as before, on both silos, throughout.
        for (var round = 0; round < 3; round++)
        {
            foreach (var person in onMain)
            {
                Assert.Equal(HttpStatusCode.Accepted, await SendAsync(person));
            }
        }

        Assert.True(cluster.IsRunning(0) && cluster.IsRunning(1), "a silo left the cluster because one partition was down for everyone");

        // Each silo says it is not ready while a partition is unreachable (its ping, which also drops the pooled
        // connections the outage broke).
        foreach (var silo in new[] { 0, 1 })
        {
            using var probe = cluster.Silo(silo).Client();
            await Poll.UntilAsync(async () =>
            {
                using var ready = await probe.GetAsync(new Uri("/readyz", UriKind.Relative));
                return ready.StatusCode == HttpStatusCode.ServiceUnavailable ? "" : null;
            }, TimeSpan.FromSeconds(20), $"silo {silo} to report a partition unreachable");
        }

        // Back up: its people are served again without anyone's help, each at the first attempt (no pooled
        // connection from before the outage is left to fail one of them), and every acknowledged event is there once.
        await second.StartServerAsync();
        await Poll.UntilAsync(async () => await SendAsync(down) == HttpStatusCode.Accepted ? "" : null,
            TimeSpan.FromSeconds(60), $"{down} to be served again once its partition is back");
        foreach (var person in onSecond)
        {
            Assert.Equal(HttpStatusCode.Accepted, await SendAsync(person));
        }

        foreach (var person in people)
        {
            var database = onSecond.Contains(person) ? cluster.LogPartitions[0] : cluster.ConnectionString;
            var rows = await cluster.RowsAsync($"SELECT count(*), count(DISTINCT event_id) FROM eg_events WHERE individual_id = '{person}'", database);
            Assert.Equal([(long)sent[person], (long)sent[person]], rows.Single().Select(v => (long)v));
            Assert.Equal(sent[person], (int)(await client.GetObjectAsync($"/v1/profiles/{person}"))["eventCount"]!);
        }

    }

    private static string Email(int person) => $"p{person}@partitioned.example";

    private static async Task<string[]> MembersAsync(HttpClient client, string segment) =>
        (await client.GetObjectAsync($"/v1/segments/{segment}/members?limit=1000"))["members"]!.AsArray()
            .Select(m => (string)m!["individualId"]!).Order(StringComparer.Ordinal).ToArray();

    private static async Task<List<string>> IndividualsAsync(LocalCluster cluster, string database, string sql) =>
        (await cluster.RowsAsync(sql, database)).Select(row => (string)row[0]).ToList();
}
