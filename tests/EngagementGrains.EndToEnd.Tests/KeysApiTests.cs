using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

[Collection(HostCollection.Name)]
public sealed class KeysApiTests(HostFixture fixture)
{
    private async Task<(string Id, string Key)> CreateKeyAsync(params string[] scopes)
    {
        using var admin = fixture.Host.Client();
        using var response = await admin.PostAsync(new Uri("/v1/keys", UriKind.Relative),
            Api.Json(System.Text.Json.JsonSerializer.Serialize(new { scopes })));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.ReadObjectAsync();
        return ((string)body["id"]!, (string)body["key"]!);
    }

    [Fact]
    public async Task An_ingest_key_writes_events_but_cannot_read_profiles()
    {
        var (_, key) = await CreateKeyAsync("ingest");
        using var ingest = fixture.Host.Client(key);
        var id = Api.NewId();
        using (var accepted = await ingest.PostEventsAsync(Api.Event("k1", "EmailSent", id, DateTimeOffset.UtcNow)))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        using var read = await ingest.GetAsync(new Uri($"/v1/profiles/{id}", UriKind.Relative));
        var problem = await read.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("'read'", (string)problem["detail"]!, StringComparison.Ordinal);
        using var keys = await ingest.PostAsync(new Uri("/v1/keys", UriKind.Relative), Api.Json("""{"scopes":["admin"]}"""));
        await keys.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_read_key_reads_but_cannot_ingest()
    {
        var (_, key) = await CreateKeyAsync("read");
        using var reader = fixture.Host.Client(key);
        using var write = await reader.PostEventsAsync(Api.Event("r1", "EmailSent", Api.NewId(), DateTimeOffset.UtcNow));
        await write.AssertProblemAsync(HttpStatusCode.Forbidden);
        using var catalog = await reader.GetAsync(new Uri("/v1/catalog", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_the_next_request()
    {
        var (id, key) = await CreateKeyAsync("ingest", "read");
        using var client = fixture.Host.Client(key);
        using (var before = await client.GetAsync(new Uri("/v1/catalog", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var admin = fixture.Host.Client();
        using (var revoke = await admin.DeleteAsync(new Uri($"/v1/keys/{id}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        using var after = await client.GetAsync(new Uri("/v1/catalog", UriKind.Relative));
        await after.AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var again = await admin.DeleteAsync(new Uri($"/v1/keys/{id}", UriKind.Relative));
        await again.AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("egk_nosuchkey_secret")]
    public async Task Missing_or_unknown_keys_get_401(string? key)
    {
        using var client = fixture.Host.Client(key);
        using var response = await client.PostEventsAsync(Api.Event("u1", "EmailSent", Api.NewId(), DateTimeOffset.UtcNow));
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{}""")]
    [InlineData("""{"scopes":[]}""")]
    [InlineData("""{"scopes":["root"]}""")]
    [InlineData("""{"scopes":"ingest"}""")]
    public async Task Keys_need_known_scopes(string body)
    {
        using var admin = fixture.Host.Client();
        using var response = await admin.PostAsync(new Uri("/v1/keys", UriKind.Relative), Api.Json(body));
        Assert.Contains("scopes", (string)(await response.AssertProblemAsync(HttpStatusCode.BadRequest))["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_and_readiness_need_no_key()
    {
        using var client = fixture.Host.Client(key: null);
        using var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var ready = await client.GetAsync(new Uri("/readyz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}
