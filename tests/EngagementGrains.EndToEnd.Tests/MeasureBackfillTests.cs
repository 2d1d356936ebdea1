using EngagementGrains.Tests.Reporting;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>A measure and a segment defined after 100k events over 10k individuals are backfilled while ingestion goes on.</summary>
public sealed class MeasureBackfillTests
{
    private const int Individuals = 10_000;
    private const int EventsPerIndividual = 10;

    [Fact]
    public async Task A_new_measure_reaches_ready_with_exact_values_while_ingestion_continues()
    {
        var dataDirectory = HostProcess.NewDataDirectory();
        try
        {
            await using var host = await HostProcess.StartAsync(dataDirectory);
            using var client = host.Client();
            var now = DateTimeOffset.UtcNow;
            var expected = new int[Individuals];

            // 100k stored events: per individual, opens 10 and 50 days ago and sends (which do not count).
            var batches = Enumerable.Range(0, Individuals).Chunk(50).Select(ids => "[" + string.Join(',', ids.SelectMany(i =>
                Enumerable.Range(0, EventsPerIndividual).Select(j => Api.Event(
                    $"h{j}", j % 3 == 0 ? "EmailOpened" : "EmailSent", $"ind-b{i}", now.AddDays(j % 2 == 0 ? -10 : -50).AddMinutes(-j))))) + "]");
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (batch, _) =>
            {
                using var response = await client.PostEventsAsync(batch);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            });
            for (var i = 0; i < Individuals; i++)
            {
                expected[i] = Enumerable.Range(0, EventsPerIndividual).Count(j => j % 3 == 0 && j % 2 == 0);
            }

            // Live events keep arriving during the backfill, to individuals it has and has not reached yet.
            using var stop = new CancellationTokenSource();
            var live = new ConcurrentBag<int>();
            var sender = Task.Run(async () =>
            {
                var random = new Random(7);
                for (var n = 0; !stop.IsCancellationRequested; n++)
                {
                    var targets = Enumerable.Range(0, 20).Select(_ => random.Next(Individuals)).Distinct().ToArray();
                    using var response = await client.PostEventsAsync("[" + string.Join(',', targets.Select(i =>
                        Api.Event($"live{n}", "EmailOpened", $"ind-b{i}", DateTimeOffset.UtcNow.AddHours(-1)))) + "]");
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                    foreach (var i in targets)
                    {
                        live.Add(i);
                    }
                }
            });

            var clock = Stopwatch.StartNew();
            using (var put = await client.PutAsync(new Uri("/v1/measures/opens_30d", UriKind.Relative),
                Api.Json("""{"event":"EmailOpened","aggregate":"count","within":"30d"}""")))
            {
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            }

            using (var put = await client.PutAsync(new Uri("/v1/segments/opened_3_in_30d", UriKind.Relative),
                Api.Json("""{"event":"EmailOpened","within":"30d","count":{"gte":3}}""")))
            {
                Assert.Equal(HttpStatusCode.Created, put.StatusCode);
            }

            var sawProgress = false;
            var ready = await Poll.UntilAsync(async () =>
            {
                var measure = await client.GetObjectAsync("/v1/measures/opens_30d");
                sawProgress |= (string)measure["status"]! == "backfilling";
                return (string)measure["status"]! == "ready" ? measure : null;
            }, TimeSpan.FromMinutes(3), "the backfill to finish");
            await Poll.UntilAsync(async () =>
                (string)(await client.GetObjectAsync("/v1/segments/opened_3_in_30d"))["status"]! == "ready" ? "ready" : null,
                TimeSpan.FromMinutes(3), "the segment backfill to finish");
            var elapsed = clock.Elapsed;
            await stop.CancelAsync();
            await sender;

            Assert.True(sawProgress || elapsed < TimeSpan.FromSeconds(1), "the measure was never seen backfilling");
            Assert.Equal(Individuals, (long)ready["progress"]!["processed"]!);
            foreach (var i in live)
            {
                expected[i]++;
            }

            var mismatches = new ConcurrentBag<string>();
            await Parallel.ForEachAsync(Enumerable.Range(0, Individuals), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            {
                var profile = await client.GetObjectAsync($"/v1/profiles/ind-b{i}");
                var value = (int)profile["measures"]!["opens_30d"]!["value"]!;
                if (value != expected[i])
                {
                    mismatches.Add($"ind-b{i}: {value} != {expected[i]}");
                }
            });
            Assert.Empty(mismatches);

            var members = new HashSet<string>();
            string? cursor = null;
            do
            {
                var page = await client.GetObjectAsync("/v1/segments/opened_3_in_30d/members?limit=1000" + (cursor is null ? "" : $"&cursor={cursor}"));
                members.UnionWith(page["members"]!.AsArray().Select(m => (string)m!["individualId"]!));
                cursor = (string?)page["nextCursor"];
            }
            while (cursor is not null);
            var expectedMembers = Enumerable.Range(0, Individuals).Where(i => expected[i] >= 3).Select(i => $"ind-b{i}").ToHashSet();
            Assert.NotEmpty(expectedMembers);
            Assert.Equal(expectedMembers.Order(StringComparer.Ordinal), members.Order(StringComparer.Ordinal));
            Figures.Report($"backfill of {Individuals} individuals / {Individuals * EventsPerIndividual} events took {elapsed.TotalSeconds:0.0}s");
        }
        finally
        {
            HostProcess.DeleteDataDirectory(dataDirectory);
        }
    }
}
