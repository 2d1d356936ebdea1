using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.HardeningTests.Keys;

/// <summary>
/// Keys that expire, rotate with an overlap, show when they were last used, and an audit log of what admins
/// did. Time is the Host's domain clock (a file), moved by the test instead of waited for.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class KeyLifecycleTests(KeyLifecycleTests.ClockedHost fixture) : IClassFixture<KeyLifecycleTests.ClockedHost>
{
    private static readonly Uri s_catalog = new("/v1/catalog", UriKind.Relative);

    private HostProcess Host => fixture.Host;

    /// <summary>One Host on a clock file the tests move forward; each test starts from where the last left it.</summary>
    public sealed class ClockedHost : IAsyncLifetime
    {
        private readonly string _clockFile = Path.Combine(Path.GetTempPath(), "eg-clock-" + Guid.NewGuid().ToString("N"));
        private HostProcess? _host;

        public DateTimeOffset Now { get; private set; } = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

        internal HostProcess Host => _host!;

        public async ValueTask InitializeAsync()
        {
            Set(Now);
            _host = await HostProcess.StartAsync(environment: new Dictionary<string, string> { ["EngagementGrains__ClockFile"] = _clockFile });
        }

        /// <summary>Moves the Host's clock forward.</summary>
        public void Advance(TimeSpan by) => Set(Now += by);

        public async ValueTask DisposeAsync()
        {
            if (_host is not null)
            {
                await _host.DisposeAsync();
            }

            File.Delete(_clockFile);
        }

        private void Set(DateTimeOffset instant)
        {
            var next = _clockFile + ".next";
            File.WriteAllText(next, Stamp(instant));
            File.Move(next, _clockFile, overwrite: true);
        }
    }

    [Fact]
    public async Task A_key_with_an_expiry_works_until_then_and_is_refused_after_while_others_work()
    {
        using var admin = Host.Client();
        var start = fixture.Now;
        var expiring = await CreateAsync(admin, $$"""{"scopes":["read"],"expiresAt":"{{Stamp(start.AddDays(1))}}"}""");
        var lasting = await CreateAsync(admin, """{"scopes":["read"]}""");
        Assert.Equal(start.AddDays(1), DateTimeOffset.Parse((string)expiring["expiresAt"]!, CultureInfo.InvariantCulture));

        using var expiringClient = Host.Client((string)expiring["key"]!);
        using var lastingClient = Host.Client((string)lasting["key"]!);
        using (var before = await expiringClient.GetAsync(s_catalog))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        fixture.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(async () =>
        {
            using var after = await expiringClient.GetAsync(s_catalog);
            return after.StatusCode == HttpStatusCode.Unauthorized ? await after.Content.ReadAsStringAsync() : null;
        }, TimeSpan.FromSeconds(20), "the expired key to be refused");
        using (var refused = await expiringClient.GetAsync(s_catalog))
        {
            var problem = await refused.AssertProblemAsync(HttpStatusCode.Unauthorized);
            Assert.Contains("expired", (string)problem["detail"]!, StringComparison.Ordinal);
        }

        using (var served = await lastingClient.GetAsync(s_catalog))
        {
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        var listed = await admin.GetObjectAsync($"/v1/keys/{(string)expiring["id"]!}");
        Assert.Equal("expired", (string)listed["status"]!);

        using var past = await admin.PostAsync(new Uri("/v1/keys", UriKind.Relative), Api.Json($$"""{"scopes":["read"],"expiresAt":"{{Stamp(fixture.Now.AddDays(-1))}}"}"""));
        var pastProblem = await past.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("expiresAt", (string)pastProblem["field"]!);
    }

    [Fact]
    public async Task A_rotated_key_takes_its_new_secret_at_once_and_its_old_one_until_the_overlap_ends()
    {
        using var admin = Host.Client();
        var created = await CreateAsync(admin, """{"scopes":["read"]}""");
        var id = (string)created["id"]!;
        var oldKey = (string)created["key"]!;
        using var rotate = await admin.PostAsync(new Uri($"/v1/keys/{id}/rotate", UriKind.Relative), Api.Json("""{"overlap":"1h"}"""));
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var rotated = await rotate.ReadObjectAsync();
        var newKey = (string)rotated["key"]!;
        Assert.NotEqual(oldKey, newKey);
        Assert.StartsWith($"egk_{id}_", newKey, StringComparison.Ordinal);

        using var oldClient = Host.Client(oldKey);
        using var newClient = Host.Client(newKey);
        Assert.Equal(HttpStatusCode.OK, (await oldClient.GetAsync(s_catalog)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync(s_catalog)).StatusCode);

        fixture.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(async () =>
        {
            using var after = await oldClient.GetAsync(s_catalog);
            return after.StatusCode == HttpStatusCode.Unauthorized ? "" : null;
        }, TimeSpan.FromSeconds(20), "the old secret to be refused after the overlap");
        Assert.Equal(HttpStatusCode.OK, (await newClient.GetAsync(s_catalog)).StatusCode);

        using var badOverlap = await admin.PostAsync(new Uri($"/v1/keys/{id}/rotate", UriKind.Relative), Api.Json("""{"overlap":"31d"}"""));
        Assert.Equal("overlap", (string)(await badOverlap.AssertProblemAsync(HttpStatusCode.BadRequest))["field"]!);
        using var missing = await admin.PostAsync(new Uri("/v1/keys/nosuchkey/rotate", UriKind.Relative), Api.Json("{}"));
        await missing.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_key_list_shows_last_use_and_never_a_secret_and_the_audit_log_names_each_admin_action()
    {
        using var admin = Host.Client();
        var unused = await CreateAsync(admin, """{"scopes":["ingest"]}""");
        var used = await CreateAsync(admin, """{"scopes":["read"]}""");
        using (var client = Host.Client((string)used["key"]!))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(s_catalog)).StatusCode);
        }

        using (var revoke = await admin.DeleteAsync(new Uri($"/v1/keys/{(string)unused["id"]!}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using (var measure = await admin.PutAsync(new Uri("/v1/measures/audited_opens", UriKind.Relative), Api.Json("""{"event":"EmailOpened","aggregate":"count"}""")))
        {
            Assert.Equal(HttpStatusCode.Created, measure.StatusCode);
        }

        using (var refused = await admin.PutAsync(new Uri("/v1/measures/audited_bad", UriKind.Relative), Api.Json("""{"event":"EmailOpened","aggregate":"nope"}""")))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var list = await admin.GetObjectAsync("/v1/keys");
        var text = list.ToJsonString();
        Assert.DoesNotContain((string)used["key"]!, text, StringComparison.Ordinal);
        Assert.DoesNotContain("Hash", text, StringComparison.OrdinalIgnoreCase);
        var keys = list["keys"]!.AsArray().Select(k => k!.AsObject()).ToDictionary(k => (string)k["id"]!);
        Assert.Equal(Stamp(fixture.Now), (string)keys[(string)used["id"]!]["lastUsedAt"]!);
        Assert.Null(keys[(string)unused["id"]!]["lastUsedAt"]);
        Assert.Equal("revoked", (string)keys[(string)unused["id"]!]["status"]!);

        var audit = await admin.GetObjectAsync($"/v1/audit?month={fixture.Now:yyyy-MM}");
        var entries = audit["entries"]!.AsArray().Select(e => ((string)e!["action"]!, (string)e["target"]!, (int)e["status"]!, (string)e["keyId"]!)).ToArray();
        Assert.Contains(("key.create", (string)used["id"]!, 201, "admin"), entries);
        Assert.Contains(("key.revoke", (string)unused["id"]!, 204, "admin"), entries);
        Assert.Contains(("measure.put", "audited_opens", 201, "admin"), entries);
        Assert.Contains(("measure.put", "audited_bad", 400, "admin"), entries);
        Assert.DoesNotContain(entries, e => e.Item1.StartsWith("catalog", StringComparison.Ordinal));

        using var readKey = Host.Client((string)used["key"]!);
        using var forbidden = await readKey.GetAsync(new Uri("/v1/audit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var badMonth = await admin.GetAsync(new Uri("/v1/audit?month=2026-13", UriKind.Relative));
        Assert.Equal("month", (string)(await badMonth.AssertProblemAsync(HttpStatusCode.BadRequest))["field"]!);
    }

    private static async Task<JsonObject> CreateAsync(HttpClient admin, string body)
    {
        using var response = await admin.PostAsync(new Uri("/v1/keys", UriKind.Relative), Api.Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadObjectAsync();
    }

    private static string Stamp(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
