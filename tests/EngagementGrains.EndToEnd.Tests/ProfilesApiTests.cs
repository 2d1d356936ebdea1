using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

[Collection(HostCollection.Name)]
public sealed class ProfilesApiTests(HostFixture fixture)
{
    private static readonly DateTimeOffset s_t0 = DateTimeOffset.UtcNow.AddDays(-10);

    [Fact]
    public async Task First_contact_creates_an_individual_and_later_events_find_it_by_any_contact_point()
    {
        using var client = fixture.Host.Client();
        var email = $"{Guid.NewGuid():N}@Example.com";
        var phone = $"+1555{Random.Shared.Next(1000000, 9999999)}";
        using (var first = await client.PostEventsAsync($$$"""{"eventId":"f1","type":"EmailSent","occurredAt":"{{{s_t0:O}}}","identities":{"email":"{{{email}}}"}}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        }

        using (var second = await client.PostEventsAsync($$$"""{"eventId":"f2","type":"Subscribe","occurredAt":"{{{s_t0.AddHours(1):O}}}","identities":{"email":"{{{email.ToUpperInvariant()}}}","phone":"{{{phone}}}"}}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        }

        var byEmail = await client.GetObjectAsync($"/v1/profiles/lookup?email={Uri.EscapeDataString(email)}");
        var byPhone = await client.GetObjectAsync($"/v1/profiles/lookup?phone={Uri.EscapeDataString(phone)}");
        Assert.Equal((string)byEmail["individualId"]!, (string)byPhone["individualId"]!);
        Assert.StartsWith("ind-", (string)byEmail["individualId"]!, StringComparison.Ordinal);
        Assert.Equal(2, (int)byEmail["eventCount"]!);
        Assert.Equal(email.ToLowerInvariant(), (string)byEmail["identities"]!["email"]![0]!);
        Assert.Equal("subscribed", (string)byEmail["consent"]!["sms"]!["status"]!);
    }

    [Fact]
    public async Task Attributes_come_from_customer_info_and_attribute_updates_and_consent_from_unsubscribes()
    {
        using var client = fixture.Host.Client();
        var id = Api.NewId();
        using var response = await client.PostEventsAsync($"""
            [{Api.Event("a1", "CustomerInfo", id, s_t0, """{"customerType":"vip","balance":"-400.99","companySize":"2222"}""")},
             {Api.Event("a2", "AttributesUpdated", id, s_t0.AddMinutes(1), """{"plan":"gold","customerType":"regular"}""")},
             {Api.Event("a3", "CustomerInfo", id, s_t0.AddMinutes(-5), """{"customerType":"older"}""")},
             {Api.Event("a4", "Unsubscribe", id, s_t0.AddMinutes(2))},
             {Api.Event("a5", "Subscribe", id, s_t0.AddMinutes(1))},
             {Api.Event("a6", "EmailAddressOptedOut", id, s_t0.AddMinutes(3))}]
            """);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var profile = await client.GetObjectAsync($"/v1/profiles/{id}");
        var attributes = profile["attributes"]!;
        Assert.Equal("regular", (string)attributes["customerType"]!);
        Assert.Equal("gold", (string)attributes["plan"]!);
        Assert.Equal(-400.99, (double)attributes["balance"]!);
        Assert.Equal(2222, (int)attributes["companySize"]!);
        Assert.Equal("unsubscribed", (string)profile["consent"]!["sms"]!["status"]!);
        Assert.Equal("unsubscribed", (string)profile["consent"]!["email"]!["status"]!);
    }

    [Fact]
    public async Task The_timeline_pages_newest_first_with_type_and_time_filters()
    {
        using var client = fixture.Host.Client();
        var id = Api.NewId();
        var events = Enumerable.Range(0, 25)
            .Select(i => Api.Event($"t{i:00}", i % 3 == 0 ? "EmailOpened" : "EmailSent", id, s_t0.AddMinutes((i * 11) % 25)));
        using (var response = await client.PostEventsAsync("[" + string.Join(',', events) + "]"))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await client.GetObjectAsync($"/v1/profiles/{id}/timeline?limit=7" + (cursor is null ? "" : $"&cursor={cursor}"));
            seen.AddRange(page["events"]!.AsArray().Select(e => (string)e!["eventId"]!));
            cursor = (string?)page["nextCursor"];
        }
        while (cursor is not null);

        var expected = Enumerable.Range(0, 25).OrderByDescending(i => (i * 11) % 25).Select(i => $"t{i:00}");
        Assert.Equal(expected, seen);

        var opened = await client.GetObjectAsync($"/v1/profiles/{id}/timeline?types=EmailOpened&limit=100");
        Assert.Equal(9, opened["events"]!.AsArray().Count);
        Assert.All(opened["events"]!.AsArray(), e => Assert.Equal("EmailOpened", (string)e!["type"]!));

        var from = Uri.EscapeDataString(s_t0.AddMinutes(10).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(s_t0.AddMinutes(15).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var window = await client.GetObjectAsync($"/v1/profiles/{id}/timeline?from={from}&to={to}");
        Assert.Equal(5, window["events"]!.AsArray().Count);
    }

    [Theory]
    [InlineData("/v1/profiles/lookup?fax=123", "fax")]
    [InlineData("/v1/profiles/lookup?email=nope", "email")]
    [InlineData("/v1/profiles/lookup?email=a@example.com&phone=+15551234567", "query")]
    [InlineData("/v1/profiles/ind-1/timeline?limit=0", "limit")]
    [InlineData("/v1/profiles/ind-1/timeline?cursor=%%%", "cursor")]
    [InlineData("/v1/profiles/ind-1/timeline?from=yesterday", "from")]
    public async Task Bad_query_parameters_are_named_in_a_400(string path, string field)
    {
        using var client = fixture.Host.Client();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(field, (string)problem["detail"]! + (string?)problem["field"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_individuals_and_contact_points_are_404()
    {
        using var client = fixture.Host.Client();
        using var profile = await client.GetAsync(new Uri($"/v1/profiles/{Api.NewId()}", UriKind.Relative));
        await profile.AssertProblemAsync(HttpStatusCode.NotFound);
        using var lookup = await client.GetAsync(new Uri($"/v1/profiles/lookup?email={Guid.NewGuid():N}@example.com", UriKind.Relative));
        await lookup.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}
