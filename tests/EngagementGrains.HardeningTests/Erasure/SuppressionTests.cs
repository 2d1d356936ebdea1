using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.HardeningTests.Erasure;

/// <summary>
/// An erasure suppresses the person's contact points (hashed): later events naming any of them are dropped
/// and counted as <c>suppressed</c>, until an admin lifts the suppression by value or by the listed key.
/// </summary>
[Collection(HardeningCollection.Name)]
public sealed class SuppressionTests : IAsyncLifetime
{
    private HostProcess _host = null!;

    public async ValueTask InitializeAsync() => _host = await HostProcess.StartAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_erased_persons_contact_points_drop_later_events_until_an_admin_lifts_them()
    {
        using var client = _host.Client();
        var (email, phone) = NewContactPoints();
        var id = await SendAndLookUpAsync(client, email, phone);
        using (var erase = await client.DeleteAsync(new Uri($"/v1/profiles/{id}", UriKind.Relative)))
        {
            var erased = await erase.ReadObjectAsync();
            Assert.True((bool)erased["suppressed"]!);
            Assert.Equal(2, (int)erased["identities"]!);
        }

        await AssertCountsAsync(client, [Event(email, null)], accepted: 0, suppressed: 1);
        await client.GetObjectAsync($"/v1/profiles/lookup?email={Uri.EscapeDataString(email)}", HttpStatusCode.NotFound);
        var (other, _) = NewContactPoints();
        await AssertCountsAsync(client, [Event(null, phone), Event(other, null)], accepted: 1, suppressed: 1);

        using (var listed = await client.GetAsync(new Uri("/v1/suppressions", UriKind.Relative)))
        {
            var text = await listed.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
            Assert.DoesNotContain(email, text, StringComparison.Ordinal);
            Assert.DoesNotContain(phone[1..], text, StringComparison.Ordinal);
        }

        var emailKey = (string)(await LiftAsync(client, $$$"""{"identities":{"email":"{{{email.ToUpperInvariant()}}}"}}""", lifted: 1))["keys"]![0]!;
        Assert.StartsWith("email#", emailKey, StringComparison.Ordinal);
        await AssertCountsAsync(client, [Event(email, null)], accepted: 1, suppressed: 0);
        Assert.NotEqual(id, (string)(await client.GetObjectAsync($"/v1/profiles/lookup?email={Uri.EscapeDataString(email)}"))["individualId"]!);
        await AssertCountsAsync(client, [Event(null, phone)], accepted: 0, suppressed: 1);

        // The list names the phone by its hash alone; that key lifts it.
        var suppressions = (await client.GetObjectAsync("/v1/suppressions"))["suppressions"]!.AsArray();
        Assert.DoesNotContain(suppressions, s => (string)s!["key"]! == emailKey);
        var phoneKey = Assert.Single(suppressions.Select(s => (string)s!["key"]!), k => k.StartsWith("phone#", StringComparison.Ordinal));
        await LiftAsync(client, $$"""{"keys":["{{phoneKey}}"]}""", lifted: 1);
        await AssertCountsAsync(client, [Event(null, phone)], accepted: 1, suppressed: 0);
        await LiftAsync(client, $$$"""{"identities":{"email":"{{{email}}}"}}""", lifted: 0);

        var audit = await client.GetObjectAsync($"/v1/audit?month={DateTimeOffset.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture)}");
        var lifts = audit["entries"]!.AsArray().Where(e => (string)e!["action"]! == "suppression.lift").ToArray();
        Assert.Contains(lifts, e => (string)e!["target"]! == emailKey);
        Assert.DoesNotContain(lifts, e => ((string)e!["target"]!).Contains(email, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_erasure_without_suppression_lets_the_contact_points_come_back_as_a_new_individual()
    {
        using var client = _host.Client();
        var (email, phone) = NewContactPoints();
        var id = await SendAndLookUpAsync(client, email, phone);
        using (var erase = await client.DeleteAsync(new Uri($"/v1/profiles/{id}?suppress=false", UriKind.Relative)))
        {
            Assert.False((bool)(await erase.ReadObjectAsync())["suppressed"]!);
        }

        await AssertCountsAsync(client, [Event(email, phone)], accepted: 1, suppressed: 0);
        Assert.NotEqual(id, (string)(await client.GetObjectAsync($"/v1/profiles/lookup?email={Uri.EscapeDataString(email)}"))["individualId"]!);
    }

    [Theory]
    [InlineData("{}", "identities")]
    [InlineData("""{"identities":{"fax":"1"}}""", "identities.fax")]
    [InlineData("""{"identities":{"email":"not-an-address"}}""", "identities.email")]
    [InlineData("""{"identities":{"email":7}}""", "identities.email")]
    [InlineData("""{"keys":["email:a@example.com"]}""", "keys[0]")]
    [InlineData("""{"keys":"email#0123"}""", "keys")]
    [InlineData("[]", "body")]
    public async Task A_wrong_lift_is_a_problem_naming_the_field(string body, string field)
    {
        using var client = _host.Client();
        using var response = await client.PostAsync(new Uri("/v1/suppressions/lift", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_admin_reads_or_lifts_suppressions_and_a_wrong_suppress_flag_is_refused()
    {
        using var admin = _host.Client();
        using var created = await admin.PostAsync(new Uri("/v1/keys", UriKind.Relative), new StringContent("""{"scopes":["read","ingest"]}""", System.Text.Encoding.UTF8, "application/json"));
        var key = (string)(await created.ReadObjectAsync())["key"]!;
        using var reader = _host.Client(key);
        using (var list = await reader.GetAsync(new Uri("/v1/suppressions", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        }

        using (var erase = await admin.DeleteAsync(new Uri("/v1/profiles/ind-0123456789abcdef0123456789abcdef?suppress=maybe", UriKind.Relative)))
        {
            Assert.Contains("suppress", (await erase.AssertProblemAsync(HttpStatusCode.BadRequest)).ToJsonString(), StringComparison.Ordinal);
        }
    }

    private static (string Email, string Phone) NewContactPoints()
    {
        var hex = Guid.NewGuid().ToString("N")[..10];
        return ($"suppressed.{hex}@example.com", "+1777" + string.Concat(Guid.NewGuid().ToByteArray().Take(7).Select(b => (char)('0' + b % 10))));
    }

    private static string Event(string? email, string? phone)
    {
        var identities = new JsonObject();
        if (email is not null)
        {
            identities["email"] = email;
        }

        if (phone is not null)
        {
            identities["phone"] = phone;
        }

        return new JsonObject
        {
            ["eventId"] = "ev-" + Guid.NewGuid().ToString("N"),
            ["type"] = "EmailOpened",
            ["occurredAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O", CultureInfo.InvariantCulture),
            ["identities"] = identities,
        }.ToJsonString();
    }

    private static async Task<string> SendAndLookUpAsync(HttpClient client, string email, string phone)
    {
        await AssertCountsAsync(client, [Event(email, phone), Event(email, null), Event(null, phone)], accepted: 3, suppressed: 0);
        return (string)(await client.GetObjectAsync($"/v1/profiles/lookup?email={Uri.EscapeDataString(email)}"))["individualId"]!;
    }

    private static async Task AssertCountsAsync(HttpClient client, string[] events, int accepted, int suppressed)
    {
        using var response = await client.PostEventsAsync("[" + string.Join(',', events) + "]");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, text);
        var answer = JsonNode.Parse(text)!;
        Assert.True((int)answer["accepted"]! == accepted && (int)answer["suppressed"]! == suppressed, text);
    }

    private static async Task<JsonObject> LiftAsync(HttpClient client, string body, int lifted)
    {
        using var response = await client.PostAsync(new Uri("/v1/suppressions/lift", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var answer = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, answer.ToJsonString());
        Assert.Equal(lifted, (int)answer["lifted"]!);
        return answer;
    }
}
