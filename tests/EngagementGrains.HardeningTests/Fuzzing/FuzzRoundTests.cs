using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace EngagementGrains.HardeningTests.Fuzzing;

/// <summary>
/// A round of generated and mutated requests against the running Host: only 2xx and 4xx answers, the process
/// stays up, and nothing of a rejected request is stored: every id a request carries holds its tag, and no stored
/// event may hold a rejected request's. FUZZ_REQUESTS sets the round's length (10,000 here; docs/reliability.md
/// has the long round), FUZZ_SEED repeats one.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class FuzzRoundTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Every_generated_or_mutated_request_gets_a_2xx_or_4xx_and_a_rejected_one_stores_nothing()
    {
        var requests = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_REQUESTS"), CultureInfo.InvariantCulture, out var n) ? n : 10_000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();
        output.WriteLine($"FUZZ_SEED={seed} FUZZ_REQUESTS={requests}");

        // Rates are lifted: the round is about what the Host does with what it is sent, not how fast.
        var host = await HostProcess.StartAsync(environment: new Dictionary<string, string>
        {
            ["EngagementGrains__Limits__RequestsPerSecond"] = "0",
            ["EngagementGrains__Limits__EventsPerSecond"] = "0",
        });
        try
        {
            using var admin = host.Client();
            var keys = new Dictionary<FuzzKey, string?>
            {
                [FuzzKey.Admin] = HostProcess.AdminKey,
                [FuzzKey.Ingest] = await NewKeyAsync(admin, "ingest"),
                [FuzzKey.Read] = await NewKeyAsync(admin, "read"),
                [FuzzKey.None] = null,
                [FuzzKey.Unknown] = "egk_unknown_" + Guid.NewGuid().ToString("N"),
            };
            using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            using var log = new SqliteConnection($"Data Source={Path.Combine(host.DataDirectory, "engagement.db")};Mode=ReadOnly;Pooling=False");
            await log.OpenAsync();

            var fuzzer = new RequestFuzzer(seed, Path.Combine(AppContext.BaseDirectory, "Fuzzing", "Seeds"));
            var byStatus = new SortedDictionary<int, int>();
            var failures = new List<string>();
            var defined = new HashSet<string>(StringComparer.Ordinal);
            var rejected = new Dictionary<int, string>();
            var all = new Dictionary<int, FuzzRequest>();
            var sent = 0;
            var clock = Stopwatch.StartNew();

            // Several senders at once, as clients are: the log's group commit then batches the accepted ones.
            async Task SendAsync()
            {
                while (true)
                {
                    FuzzRequest request;
                    int serial;
                    lock (fuzzer)
                    {
                        if (sent >= requests || failures.Count >= 10)
                        {
                            return;
                        }

                        sent++;
                        request = fuzzer.Next();
                        serial = fuzzer.Serial;
                        all[serial] = request;
                    }

                    var (status, problem, body) = await SendOneAsync(client, request, keys);
                    lock (fuzzer)
                    {
                        byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
                        if (status >= 500)
                        {
                            failures.Add($"{status} for {request}: {body}");
                        }
                        else if (status >= 400)
                        {
                            rejected[serial] = $"{status} for {request}";
                            if (!problem && status is not (405 or 414))
                            {
                                failures.Add($"{status} without a problem body for {request}");
                            }
                        }
                        else if (request.Method == HttpMethod.Put)
                        {
                            defined.Add(request.Path);
                        }
                    }
                }
            }

            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(SendAsync)));
            var (stored, leaked) = await StoredOfRejectedAsync(log, rejected);
            failures.AddRange(leaked.Take(10).Select(l => $"event '{l.Id}' is stored, but the request that carried it was rejected: {rejected[l.Serial]}; requests that carried it: "
                + string.Join(" | ", all.Where(a => a.Value.Body is { } b && System.Text.Encoding.UTF8.GetString(b).Contains(l.Id, StringComparison.Ordinal)).Select(a => $"#{a.Key} {a.Value}"))));
            clock.Stop();
            Assert.False(host.HasExited, "the Host exited during the round");
            using (var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            // A definition is listed only if a PUT of its name was answered 2xx.
            foreach (var kind in new[] { "measures", "segments" })
            {
                var listed = await admin.GetObjectAsync($"/v1/{kind}");
                foreach (var definition in listed[kind]!.AsArray())
                {
                    var path = $"/v1/{kind}/{Uri.EscapeDataString((string)definition!["name"]!)}";
                    Assert.True(defined.Contains(path), $"{path} is stored, but no PUT of it was accepted");
                }
            }

            var summary = $"{requests} requests in {clock.Elapsed.TotalSeconds:0.0} s, seed {seed}; answers: "
                + string.Join(", ", byStatus.Select(p => $"{p.Key}: {p.Value}")) + $"; events stored: {stored}; Host restarts: 0";
            output.WriteLine(summary);
            if (failures.Count > 0)
            {
                output.WriteLine(string.Join("\n", host.Lines.Where(l => l.Contains("Exception", StringComparison.Ordinal) || l.Contains("   at ", StringComparison.Ordinal)).Take(80)));
            }

            Assert.True(failures.Count == 0, $"seed {seed}:\n" + string.Join("\n", failures));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task<string> NewKeyAsync(HttpClient admin, string scope)
    {
        using var response = await admin.PostAsync(new Uri("/v1/keys", UriKind.Relative), Api.Json($$"""{"scopes":["{{scope}}"]}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadObjectAsync())["key"]!;
    }

    private static async Task<(int Status, bool Problem, string Body)> SendOneAsync(HttpClient client, FuzzRequest request, Dictionary<FuzzKey, string?> keys)
    {
        using var message = new HttpRequestMessage(request.Method, new Uri(request.Path, UriKind.Relative));
        if (keys[request.Key] is { } key)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
            if (request.ContentType is not null)
            {
                message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
            }
        }

        using var response = await client.SendAsync(message);
        var status = (int)response.StatusCode;
        var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
        return (status, problem, status >= 500 ? await response.Content.ReadAsStringAsync() : "");
    }

    // Every id a request carries holds its tag (fz<serial>k<check>-), and the events of a mapped record keep it in theirs.
    private static async Task<(long Stored, List<(string Id, int Serial)> Leaked)> StoredOfRejectedAsync(SqliteConnection log, Dictionary<int, string> rejected)
    {
        await using var command = log.CreateCommand();
        command.CommandText = "SELECT event_id FROM events";
        await using var reader = await command.ExecuteReaderAsync();
        var stored = 0L;
        var leaked = new List<(string Id, int Serial)>();
        while (await reader.ReadAsync())
        {
            stored++;
            var id = reader.GetString(0);
            foreach (System.Text.RegularExpressions.Match tag in s_tag.Matches(id))
            {
                var serial = int.Parse(tag.Groups[1].Value, CultureInfo.InvariantCulture);
                if (int.Parse(tag.Groups[2].Value, CultureInfo.InvariantCulture) == RequestFuzzer.Check(serial) && rejected.ContainsKey(serial))
                {
                    leaked.Add((id, serial));
                }
            }
        }

        return (stored, leaked);
    }

    private static readonly System.Text.RegularExpressions.Regex s_tag = new("fz([0-9]{1,9})k([0-9]{1,4})-", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}
