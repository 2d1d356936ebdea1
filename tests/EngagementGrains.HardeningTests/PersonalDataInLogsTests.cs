using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;
using EngagementGrains.Tests.Postgres;

namespace EngagementGrains.HardeningTests;

/// <summary>
/// A Host on a private PostgreSQL with every log line (Debug, ours at Trace) and every span on its console
/// takes a workload of known contact points, attribute values and keys, and a storage outage; not one of
/// those values may show up in what it printed.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class PersonalDataInLogsTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, string> s_everything = new()
    {
        ["Logging__LogLevel__Default"] = "Debug",
        ["Logging__LogLevel__EngagementGrains"] = "Trace",
        // The hosting category asked for explicitly: the Host must hold it back all the same (it prints the query).
        ["Logging__LogLevel__Microsoft.AspNetCore.Hosting.Diagnostics"] = "Debug",
        ["OTEL_TRACES_EXPORTER"] = "console",
    };

    [Fact]
    public async Task No_contact_point_attribute_or_key_appears_in_any_log_line_or_span()
    {
        var known = new KnownValues();
        await using var server = await PrivatePostgres.StartAsync();
        var database = "pii" + Guid.NewGuid().ToString("N");
        var connection = await server.CreateDatabaseAsync(database);
        var host = await HostProcess.StartAsync(
            arguments: ["--storage", "postgres", "--postgres", connection, "--cluster-id", database],
            environment: s_everything, keepEveryLine: true);
        try
        {
            await RunWorkloadAsync(host, server, known);
        }
        finally
        {
            await host.DisposeAsync();
        }

        var lines = host.Lines;
        var spans = lines.Count(l => l.StartsWith("Activity.TraceId:", StringComparison.Ordinal));
        var hits = known.Needles
            .SelectMany(needle => lines.Where(l => l.Contains(needle.Value, StringComparison.OrdinalIgnoreCase)).Select(l => $"{needle.Name}: {l}"))
            .ToList();
        output.WriteLine($"Scanned {lines.Count} console lines ({spans} spans) for {known.Needles.Count} known values: {hits.Count} hits.");

        // The scan is real: the console holds the requests, the spans, the outage and the identity grains' (hashed) ids.
        Assert.True(spans >= 20, $"only {spans} spans were printed");
        Assert.Contains(lines, l => l.Contains("Path: /v1/profiles/lookup", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Activity.DisplayName:", StringComparison.Ordinal) && l.Contains("/v1/profiles/lookup", StringComparison.Ordinal));
        // Our storage spans (EngagementGrains.Storage) are in the scan too: the appends of the workload's events.
        Assert.Contains(lines, l => l.StartsWith("Activity.DisplayName:", StringComparison.Ordinal) && l.EndsWith("eventlog.append", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("cluster or storage is unavailable", StringComparison.Ordinal));
        Assert.True(hits.Count == 0, $"{hits.Count} lines name personal data or keys:{Environment.NewLine}{string.Join(Environment.NewLine, hits.Take(20))}");
        Assert.Contains(lines, l => l.Contains("identity/email#", StringComparison.Ordinal));
    }

    private static async Task RunWorkloadAsync(HostProcess host, PrivatePostgres server, KnownValues known)
    {
        using var admin = host.Client();
        string ingestKey;
        using (var created = await admin.PostAsync(new Uri("/v1/keys", UriKind.Relative), Api.Json("""{"scopes":["ingest"]}""")))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            ingestKey = (string)(await created.ReadObjectAsync())["key"]!;
        }

        known.Add("ingest key", ingestKey);
        known.Add("ingest key secret", ingestKey[(ingestKey.LastIndexOf('_') + 1)..]);
        using var ingest = host.Client(ingestKey);
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        string Time(int minutes) => at.AddMinutes(minutes).ToString("O", CultureInfo.InvariantCulture);

        // Two individuals by email, then one event naming both: a merge.
        await AcceptedAsync(ingest, $$$"""
            [{"eventId":"p-1","type":"AttributesUpdated","occurredAt":"{{{Time(0)}}}","identities":{"email":"{{{known.Email(0)}}}","phone":"{{{known.Phone}}}"},"attributes":{"{{{known.AttributeKey}}}":"{{{known.AttributeValue(0)}}}"}},
             {"eventId":"p-2","type":"EmailOpened","occurredAt":"{{{Time(1)}}}","identities":{"email":"{{{known.Email(1)}}}"}}]
            """);
        await AcceptedAsync(ingest, $$$"""
            {"eventId":"p-3","type":"EmailClicked","occurredAt":"{{{Time(2)}}}","identities":{"email":"{{{known.Email(1)}}}","phone":"{{{known.Phone}}}","userId":"{{{known.UserId}}}"},"attributes":{"note":"{{{known.Email(0)}}}"}}
            """);

        // Bad bodies that carry the contact points where they do not belong: each a 400, none logged.
        await AcceptedAsync(ingest, $$$"""{"eventId":"b-1","type":"EmailOpened","occurredAt":"{{{known.Email(0)}}}","identities":{"email":"{{{known.Email(0)}}}"}}""", HttpStatusCode.BadRequest);
        await AcceptedAsync(ingest, $$$"""{"eventId":"b-2","type":"EmailOpened","occurredAt":"{{{Time(4)}}}","identities":{"phone":"{{{known.Email(0)}}}","email":"x{{{known.Phone}}}"}}""", HttpStatusCode.BadRequest);
        await AcceptedAsync(ingest, $$$"""{"eventId":"b-3","type":"EmailOpened","occurredAt":"{{{Time(4)}}}","{{{known.Email(0)}}}":1,"identities":{"email":"{{{known.Email(0)}}}"}}""", HttpStatusCode.BadRequest);
        await AcceptedAsync(ingest, $$$"""{"eventId":"b-4","type":"EmailOpened","identities":{"email":"{{{known.Email(0)}}}""", HttpStatusCode.BadRequest);

        // Segment's tracking API, with the ingest key as the Basic user name, and a native source.
        using var segment = host.Client(key: null);
        segment.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(ingestKey + ":")));
        await PostAsync(segment, "/v1/identify", $$$"""
            {"messageId":"s-1","userId":"{{{known.UserId}}}","timestamp":"{{{Time(5)}}}","traits":{"email":"{{{known.Email(2)}}}","phone":"{{{known.Phone}}}","{{{known.AttributeKey}}}":"{{{known.AttributeValue(1)}}}"}}
            """, HttpStatusCode.OK);
        await PostAsync(segment, "/v1/track", $$$"""
            {"messageId":"s-2","userId":"{{{known.UserId}}}","event":"Signed Up","timestamp":"{{{Time(6)}}}","context":{"traits":{"email":"{{{known.Email(2)}}}"} } }
            """, HttpStatusCode.OK);
        await PostAsync(segment, "/v1/identify", $$$"""{"messageId":"s-3","userId":"{{{known.UserId}}}","traits":{"email":"not-{{{known.Email(2)}}}@"}}""", HttpStatusCode.BadRequest);

        // analytics.js's way: the write key inside the body, and a wrong one there.
        using (var page = host.Client(key: null))
        {
            await PostAsync(page, "/v1/t", $$$"""{"writeKey":"{{{ingestKey}}}","messageId":"s-4","userId":"{{{known.UserId}}}","event":"Signed Up","context":{"traits":{"email":"{{{known.Email(2)}}}"} } }""", HttpStatusCode.OK);
            await PostAsync(page, "/v1/i", $$$"""{"writeKey":"{{{known.WrongKey}}}","userId":"{{{known.UserId}}}","traits":{"email":"{{{known.Email(0)}}}"}}""", HttpStatusCode.Unauthorized);
        }
        await PostAsync(ingest, "/v1/sources/dynamics-interactions", $$$"""
            {"value":[{"interactionName":"EmailSent","interactionId":"ix-1","timestamp":"{{{Time(7)}}}","emailAddress":"{{{known.Email(3)}}}","phone":"{{{known.Phone}}}"}]}
            """, HttpStatusCode.Accepted);

        // Reads: lookups by each kind of contact point (found, unknown, malformed), profiles, graphs, timelines.
        var profile = await admin.GetObjectAsync($"/v1/profiles/lookup?email={Uri.EscapeDataString(known.Email(1))}");
        var individual = (string)profile["individualId"]!;
        await admin.GetObjectAsync($"/v1/profiles/lookup?phone={Uri.EscapeDataString(known.Phone)}");
        await admin.GetObjectAsync($"/v1/profiles/lookup?userId={Uri.EscapeDataString(known.UserId)}");
        await admin.GetObjectAsync($"/v1/profiles/lookup?email={Uri.EscapeDataString(known.Email(4))}", HttpStatusCode.NotFound);
        await admin.GetObjectAsync($"/v1/profiles/lookup?email={Uri.EscapeDataString(known.LocalPart(4))}", HttpStatusCode.BadRequest);
        await admin.GetObjectAsync($"/v1/profiles/{individual}");
        await admin.GetObjectAsync($"/v1/profiles/{individual}/identities");
        await admin.GetObjectAsync($"/v1/profiles/{individual}/timeline");

        // Keys that are wrong: ours in form, not ours at all, and a Segment write key.
        foreach (var wrong in new[] { known.WrongKey, known.ForeignKey })
        {
            using var stranger = host.Client(wrong);
            using var refused = await stranger.GetAsync(new Uri($"/v1/profiles/lookup?email={Uri.EscapeDataString(known.Email(0))}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var writer = host.Client(key: null))
        {
            writer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(known.WrongKey + ":")));
            await PostAsync(writer, "/v1/identify", $$$"""{"userId":"{{{known.UserId}}}","traits":{"email":"{{{known.Email(0)}}}"}}""", HttpStatusCode.Unauthorized);
        }

        // Erasure of the merged individual.
        using (var erased = await admin.DeleteAsync(new Uri($"/v1/profiles/{individual}", UriKind.Relative)))
        {
            Assert.True(erased.StatusCode == HttpStatusCode.OK, await erased.Content.ReadAsStringAsync());
        }

        // A storage outage: contact points never seen before activate identity grains whose state cannot be read.
        await server.StopServerAsync();
        using (var unavailable = await admin.GetAsync(new Uri($"/v1/profiles/lookup?email={Uri.EscapeDataString(known.Email(5))}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        }

        using (var unavailable = await ingest.PostEventsAsync($$$"""{"eventId":"o-1","type":"EmailOpened","occurredAt":"{{{Time(8)}}}","identities":{"email":"{{{known.Email(6)}}}"}}"""))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unavailable.StatusCode);
        }

        // The console is read asynchronously: wait until the outage's log line is in.
        await Poll.UntilAsync(
            () => Task.FromResult(host.Lines.Any(l => l.Contains("cluster or storage is unavailable", StringComparison.Ordinal)) ? "logged" : null),
            TimeSpan.FromSeconds(10), "the outage to be logged");
    }

    private static Task AcceptedAsync(HttpClient client, string body, HttpStatusCode expected = HttpStatusCode.Accepted) =>
        PostAsync(client, "/v1/events", body, expected);

    private static async Task PostAsync(HttpClient client, string path, string body, HttpStatusCode expected)
    {
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), Api.Json(body));
        Assert.True(expected == response.StatusCode, $"POST {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Values made for this run, none of which may appear in what the Host prints.</summary>
    private sealed class KnownValues
    {
        private readonly string _run = Random(10);
        private readonly string _domain = "d" + Random(10) + ".example";
        private readonly string _phoneDigits = "4477" + string.Concat(Enumerable.Range(0, 8).Select(_ => System.Security.Cryptography.RandomNumberGenerator.GetInt32(10)));
        private readonly List<(string Name, string Value)> _needles = [];

        public KnownValues()
        {
            for (var i = 0; i < 7; i++)
            {
                Add($"email {i}", Email(i));
                Add($"email {i} local part", LocalPart(i));
            }

            Add("email domain", _domain);
            Add("phone digits", _phoneDigits[2..]);
            Add("user id", UserId);
            Add("attribute key", AttributeKey);
            Add("attribute value 0", AttributeValue(0));
            Add("attribute value 1", AttributeValue(1));
            Add("admin key", HostProcess.AdminKey);
            Add("wrong key", WrongKey);
            Add("wrong key secret", WrongKey[(WrongKey.LastIndexOf('_') + 1)..]);
            Add("foreign key", ForeignKey);
        }

        public List<(string Name, string Value)> Needles => _needles;

        public string Phone => "+" + _phoneDigits;

        public string UserId { get; } = "user" + Random(12);

        public string AttributeKey { get; } = "trait" + Random(12);

        public string WrongKey { get; } = $"egk_{Random(12)}_{Random(37)}";

        public string ForeignKey { get; } = "sk_live_" + Random(24);

        public string LocalPart(int i) => $"person{i}{_run}";

        public string Email(int i) => $"{LocalPart(i)}@{_domain}";

        public string AttributeValue(int i) => $"colour{i}{_run}";

        public void Add(string name, string value) => _needles.Add((name, value));

        private static string Random(int length) =>
            string.Concat(Enumerable.Range(0, length).Select(_ => (char)('a' + System.Security.Cryptography.RandomNumberGenerator.GetInt32(26))));
    }
}
