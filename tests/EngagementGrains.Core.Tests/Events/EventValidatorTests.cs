using EngagementGrains.Abstractions.Events;
using System.Text.Json;
using EngagementGrains.Core.Events;

namespace EngagementGrains.Core.Tests.Events;

public sealed class EventValidatorTests
{
    private const string Valid = """
        {"eventId":"e-1","type":"EmailOpened","occurredAt":"2026-11-20T10:15:00Z","individualId":"ind-42",
         "identities":{"email":"A@Example.com"},"channel":"email","attributes":{"campaignId":"c-1"}}
        """;

    private static (IReadOnlyList<IncomingEvent> Events, List<ValidationError> Errors) Validate(string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<ValidationError>();
        return (ValidatorFactory.Create().ValidateRequest(document.RootElement, errors), errors);
    }

    private static ValidationError SingleError(string json)
    {
        var (events, errors) = Validate(json);
        Assert.Empty(events);
        return Assert.Single(errors);
    }

    [Fact]
    public void Accepts_the_contract_example_and_normalises_it()
    {
        var (events, errors) = Validate(Valid);
        Assert.Empty(errors);
        var e = Assert.Single(events);
        Assert.Equal("ind-42", e.IndividualId);
        Assert.Equal("e-1", e.Event.EventId);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 15, 0, TimeSpan.Zero), e.Event.OccurredAt);
        Assert.Equal("a@example.com", e.Event.Identities!["email"]);
        Assert.Equal("""{"campaignId":"c-1"}""", e.Event.AttributesJson);
    }

    [Fact]
    public void Accepts_an_array_and_epoch_milliseconds()
    {
        var (events, errors) = Validate("""
            [{"eventId":"a","type":"EmailSent","occurredAt":1763633700000,"individualId":"i-1"},
             {"eventId":"b","type":"MyCustomThing","occurredAt":"1763633700000","individualId":"i-1"}]
            """);
        Assert.Empty(errors);
        Assert.Equal(2, events.Count);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763633700000), events[1].Event.OccurredAt);
        Assert.Equal("custom", events[1].Event.Channel);
    }

    [Fact]
    public void Takes_the_channel_from_the_catalog_when_the_event_has_none() =>
        Assert.Equal("sms", Validate("""{"eventId":"a","type":"SmsLinkClicked","occurredAt":1763633700000,"individualId":"i"}""").Events[0].Event.Channel);

    [Theory]
    [InlineData("""{"type":"EmailSent","occurredAt":1,"individualId":"i"}""", "eventId", "is required")]
    [InlineData("""{"eventId":"","type":"EmailSent","occurredAt":1,"individualId":"i"}""", "eventId", "1 to 128")]
    [InlineData("""{"eventId":7,"type":"EmailSent","occurredAt":1,"individualId":"i"}""", "eventId", "string")]
    [InlineData("""{"eventId":"a","occurredAt":1,"individualId":"i"}""", "type", "is required")]
    [InlineData("""{"eventId":"a","type":"9lives","occurredAt":1,"individualId":"i"}""", "type", "custom name")]
    [InlineData("""{"eventId":"a","type":"EmailSent","individualId":"i"}""", "occurredAt", "is required")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":"2026-11-20T10:15:00","individualId":"i"}""", "occurredAt", "offset")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":"yesterday","individualId":"i"}""", "occurredAt", "ISO-8601")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":1.5,"individualId":"i"}""", "occurredAt", "whole")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":"2027-01-01T00:00:00Z","individualId":"i"}""", "occurredAt", "future")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":1}""", "individualId", "individualId or identities")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":1,"individualId":"has space"}""", "individualId", "letters")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":1,"identities":{"fax":"1"}}""", "identities.fax", "not an identity type")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":1,"identities":{"email":"nope"}}""", "identities.email", "not an email")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":1,"identities":{"phone":"12"}}""", "identities.phone", "phone")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":1,"identities":["a@b.c"]}""", "identities", "object")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":1,"identities":{}}""", "identities", "at least one")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":1,"individualId":"i","channel":"E Mail"}""", "channel", "lower-case")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":1,"individualId":"i","attributes":[1]}""", "attributes", "object")]
    [InlineData("""{"eventId":"a","type":"EmailSent","occurredAt":1,"individualId":"i","occuredAt":1}""", "occuredAt", "not a field")]
    [InlineData("""{"eventId":"a","type":"Purchase","occurredAt":1,"individualId":"i","attributes":{"total":"seventy"}}""", "attributes.total", "number")]
    public void Rejects_each_invalid_field_with_its_name_and_reason(string json, string field, string reason)
    {
        var error = SingleError(json);
        Assert.Equal(0, error.Index);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Lists_every_error_of_every_event_and_accepts_none()
    {
        var (events, errors) = Validate("""
            [{"eventId":"ok","type":"EmailSent","occurredAt":1,"individualId":"i"},
             {"type":"EmailSent","occurredAt":"bad","individualId":"i"},
             {"eventId":"x","type":"EmailSent","occurredAt":1}]
            """);
        Assert.Equal(
            [(1, "eventId"), (1, "occurredAt"), (2, "individualId")],
            errors.Select(e => (e.Index, e.Field)).ToArray());
        Assert.DoesNotContain(events, e => e.Event.EventId == "x");
    }

    [Fact]
    public void Rejects_an_empty_array_and_a_scalar_body()
    {
        Assert.Contains("no events", SingleError("[]").Message, StringComparison.Ordinal);
        Assert.Contains("event object", SingleError("42").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_event_over_the_size_limit()
    {
        using var document = JsonDocument.Parse($$$"""{"eventId":"a","type":"EmailSent","occurredAt":1,"individualId":"i","attributes":{"body":"{{{new string('x', 40_000)}}}"}}""");
        var errors = new List<ValidationError>();
        ValidatorFactory.Create().ValidateRequest(document.RootElement, errors);
        Assert.Contains("limit is 32768", Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}
