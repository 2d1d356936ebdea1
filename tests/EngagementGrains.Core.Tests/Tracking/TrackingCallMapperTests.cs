using System.Text.Json;
using System.Text.Json.Nodes;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Tracking;

namespace EngagementGrains.Core.Tests.Tracking;

public sealed class TrackingCallMapperTests
{
    private static readonly DateTimeOffset s_received = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static (JsonObject? Event, List<ValidationError> Errors) Map(string json, string? route = null, DateTimeOffset? sentAt = null)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<ValidationError>();
        return (TrackingCallMapper.Map(document.RootElement, route, 0, sentAt, null, s_received, errors), errors);
    }

    [Fact]
    public void A_track_call_of_a_semantic_spec_event_becomes_its_catalog_type()
    {
        var (e, errors) = Map("""{"messageId":"m1","userId":"u1","event":"Order Completed","properties":{"total":9.5},"context":{"ip":"10.0.0.1"}}""", "track");
        Assert.Empty(errors);
        Assert.Equal("m1", (string)e!["eventId"]!);
        Assert.Equal("OrderPlaced", (string)e["type"]!);
        Assert.Equal("u1", (string)e["identities"]!["userId"]!);
        Assert.Equal(9.5, (double)e["attributes"]!["total"]!);
        Assert.Equal("Order Completed", (string)e["attributes"]!["event"]!);
        Assert.Equal("10.0.0.1", (string)e["attributes"]!["context"]!["ip"]!);
    }

    [Theory]
    [InlineData("Signed Up", "SignedUp")]
    [InlineData("video played: trailer", "VideoPlayed:Trailer")]
    [InlineData("3d model rotated", "DModelRotated")]
    [InlineData("Email Link Clicked", "EmailClicked")]
    [InlineData("  ", null)]
    public void Other_event_names_become_custom_types(string name, string? type) => Assert.Equal(type, TrackedEventNames.ToType(name));

    [Fact]
    public void The_clients_clock_skew_is_corrected_with_sent_at()
    {
        // The device clock runs 3 hours fast; the call was made 5 minutes before the batch was sent.
        var (e, errors) = Map("""{"type":"track","userId":"u","event":"X","timestamp":"2026-11-20T14:55:00Z"}""", sentAt: DateTimeOffset.Parse("2026-11-20T15:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Empty(errors);
        Assert.Equal(s_received.AddMinutes(-5), DateTimeOffset.Parse((string)e!["occurredAt"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Original_timestamp_wins_over_timestamp_and_a_call_without_time_happened_on_receipt()
    {
        var (corrected, _) = Map("""{"type":"page","anonymousId":"a","originalTimestamp":"2026-11-20T09:00:00Z","timestamp":"2026-01-01T00:00:00Z","sentAt":"2026-11-20T09:01:00Z"}""");
        Assert.Equal(s_received.AddMinutes(-1), DateTimeOffset.Parse((string)corrected!["occurredAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        var (asGiven, _) = Map("""{"type":"page","anonymousId":"a","timestamp":"2026-11-19T08:00:00Z"}""");
        Assert.Equal("2026-11-19T08:00:00.0000000+00:00", (string)asGiven!["occurredAt"]!);
        var (received, _) = Map("""{"type":"page","anonymousId":"a"}""");
        Assert.Equal(s_received, DateTimeOffset.Parse((string)received!["occurredAt"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Identify_sets_traits_and_its_email_and_phone_are_contact_points()
    {
        var (e, errors) = Map("""{"userId":42,"anonymousId":"a-1","traits":{"email":"Ada@Example.com","phone":"+15550100","plan":"pro"}}""", "identify");
        Assert.Empty(errors);
        Assert.Equal("AttributesUpdated", (string)e!["type"]!);
        Assert.Equal("42", (string)e["identities"]!["userId"]!);
        Assert.Equal("Ada@Example.com", (string)e["identities"]!["email"]!);
        Assert.Equal("+15550100", (string)e["identities"]!["phone"]!);
        Assert.Equal("pro", (string)e["attributes"]!["plan"]!);
    }

    [Fact]
    public void RudderStacks_browser_calls_with_an_empty_user_id_and_traits_in_the_context_are_taken()
    {
        var (page, pageErrors) = Map("""{"userId":"","anonymousId":"a-2","name":"Pricing","properties":{}}""", "page");
        Assert.Empty(pageErrors);
        Assert.False(page!["identities"]!.AsObject().ContainsKey("userId"));
        Assert.Equal("a-2", (string)page["identities"]!["anonymousId"]!);

        var (identify, errors) = Map("""{"userId":"u-2","anonymousId":"a-2","context":{"traits":{"email":"hedy@example.com","plan":"pro"}}}""", "identify");
        Assert.Empty(errors);
        Assert.Equal("pro", (string)identify!["attributes"]!["plan"]!);
        Assert.Equal("hedy@example.com", (string)identify["identities"]!["email"]!);

        var (_, neither) = Map("""{"userId":"","event":"X"}""", "track");
        Assert.Contains(neither, e => e.Field == "userId");
    }

    [Fact]
    public void Alias_links_the_previous_id_and_group_keeps_the_group()
    {
        var (alias, _) = Map("""{"userId":"u","previousId":"anon-7"}""", "alias");
        Assert.Equal("anon-7", (string)alias!["identities"]!["anonymousId"]!);
        Assert.Equal(TrackingCallMapper.AliasType, (string)alias["type"]!);
        var (group, _) = Map("""{"userId":"u","groupId":"acme","traits":{"employees":10}}""", "group");
        Assert.Equal("acme", (string)group!["attributes"]!["groupId"]!);
        Assert.Equal(10, (int)group["attributes"]!["traits"]!["employees"]!);
    }

    [Fact]
    public void A_call_without_a_message_id_is_keyed_by_its_content()
    {
        var (first, _) = Map("""{"type":"track","userId":"u","event":"X","timestamp":"2026-11-20T10:00:00Z"}""");
        var (again, _) = Map("""{"type":"track","userId":"u","event":"X","timestamp":"2026-11-20T10:00:00Z"}""");
        var (other, _) = Map("""{"type":"track","userId":"u","event":"Y","timestamp":"2026-11-20T10:00:00Z"}""");
        Assert.Equal((string)first!["eventId"]!, (string)again!["eventId"]!);
        Assert.NotEqual((string)first["eventId"]!, (string)other!["eventId"]!);
    }

    [Theory]
    [InlineData("""{"type":"track","event":"X"}""", "userId")]
    [InlineData("""{"type":"track","userId":"u"}""", "event")]
    [InlineData("""{"type":"jump","userId":"u"}""", "type")]
    [InlineData("""{"type":"track","userId":"u","event":"X","sentAt":"later"}""", "sentAt")]
    [InlineData("""{"type":"alias","userId":"u"}""", "previousId")]
    [InlineData("""{"type":"group","userId":"u"}""", "groupId")]
    [InlineData("""{"type":"track","userId":{},"event":"X"}""", "userId")]
    public void A_call_that_cannot_be_taken_names_its_field(string json, string field)
    {
        var (e, errors) = Map(json);
        Assert.Null(e);
        Assert.Contains(errors, x => x.Field == field && x.Index == 0);
    }
}
