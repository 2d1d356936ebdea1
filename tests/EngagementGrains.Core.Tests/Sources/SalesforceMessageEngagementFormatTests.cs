using EngagementGrains.Core.Sources;
using static EngagementGrains.Core.Tests.Sources.SourceMapping;

namespace EngagementGrains.Core.Tests.Sources;

public sealed class SalesforceMessageEngagementFormatTests
{
    private static readonly SalesforceMessageEngagementFormat s_format = new();

    // One record of each of the DMO's eight event types, as a spring promotion's SMS traffic.
    private const string AllTypes = """
        {"records":[
          {"EventID":"me-0001","EventType":"SENT","EventDateTime":"2026-11-20T10:15:00.000Z","CreatedTime":"2026-11-20T10:15:02.000Z",
           "BulkMessage":"bm-spring-promo","RecpientPhoneNumber":"+15551234567","SenderID":"88776","Message":"Spring sale: 20% off today"},
          {"EventID":"me-0002","EventType":"Not_Sent","EventDateTime":"2026-11-20T10:15:01.000Z","BulkMessage":"bm-spring-promo",
           "MessageID":"msg-991","RecipientPhoneNumber":"+15557654321","DeliveryErrorText":"Aggregator rejected the request","DeliveryErrorCode":"4001"},
          {"EventID":"me-0003","EventType":"subscribe","EventDateTime":"2026-11-20T11:00:00+0000","RecpientPhoneNumber":"+15551230000",
           "SenderID":"88776","Message":"JOIN","Keyword":"JOIN"},
          {"EventID":"me-0004","EventType":"UNSUBSCRIBE","EventDateTime":"2026-11-20 11:30:00.000+0000","RecpientPhoneNumber":"+15551234567",
           "SenderID":"88776","Message":"STOP","Keyword":"STOP","UnsubscribeSource":"MO keyword","UnsubscribeReason":"Too many messages"},
          {"EventID":"me-0005","EventType":"CONFIRMATION","EventDateTime":"2026-11-20T11:30:05Z","ContactPointPhoneNumber":"+15551234567",
           "MOPhoneNumber":"+15551234567","SenderID":"88776","Message":"STOP","Keyword":"STOP","IndividualID":"0PKHs000001AbCdE"},
          {"EventID":"me-0006","EventType":"HELP","EventDateTime":1795168500000,"RecpientPhoneNumber":"+44 7700 900123",
           "SenderID":"88776","Message":"HELP","Keyword":"HELP"},
          {"EventID":"me-0007","EventType":"CLICK","EventDateTime":"2026-11-21T08:00:00Z","BulkMessage":"bm-spring-promo",
           "LinkName":"shop-now","LinkURL":"https://shop.example.com/spring","ResolvedURL":"https://shop.example.com/spring?u=8d1f",
           "RecipientPhone":"+15551234567","UserAgent":"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)","IndividualID":"0PKHs000001AbCdE"},
          {"EventID":"me-0008","EventType":"UNDELIVERED","EventDateTime":"2026-11-21T09:00:00Z","MessageID":"msg-992",
           "Message":"Spring sale: 20% off today","DeliveryErrorText":"Unknown subscriber","DeliveryErrorCode":"30005","RecipientPhoneNumber":"+15559990000"}
        ]}
        """;

    [Fact]
    public void Maps_every_event_type_to_its_catalog_type_with_the_EventID_as_event_id()
    {
        var events = MapValid(s_format, AllTypes);

        Assert.Equal(
            ["SmsSent", "NotSent", "Subscribe", "Unsubscribe", "Confirmation", "Help", "SmsLinkClicked", "Undelivered"],
            events.Select(e => Text(e.Event, "type")));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"me-000{i}"), events.Select(e => Text(e.Event, "eventId")));
        Assert.Equal(Enumerable.Range(0, 8), events.Select(e => e.Record));
    }

    [Fact]
    public void Sent_carries_the_recipient_phone_and_the_bulk_message()
    {
        var sent = MapValid(s_format, AllTypes)[0].Event;

        Assert.Equal("2026-11-20T10:15:00.000Z", Text(sent, "occurredAt"));
        Assert.Equal("+15551234567", Text(sent, "identities.phone"));
        Assert.Null(sent["individualId"]);
        Assert.Equal("+15551234567", Text(sent, "attributes.recipientPhoneNumber"));
        Assert.Equal("88776", Text(sent, "attributes.senderId"));
        Assert.Equal("bm-spring-promo", Text(sent, "attributes.bulkMessage"));
        Assert.Equal("2026-11-20T10:15:02.000Z", Text(sent, "attributes.createdTime"));
        Assert.Null(sent["attributes"]!["eventID"]);
    }

    [Fact]
    public void Not_sent_and_undelivered_keep_the_delivery_error()
    {
        var events = MapValid(s_format, AllTypes);
        var notSent = events[1].Event;
        var undelivered = events[7].Event;

        Assert.Equal("+15557654321", Text(notSent, "identities.phone"));
        Assert.Equal("msg-991", Text(notSent, "attributes.messageId"));
        Assert.Equal("4001", Text(notSent, "attributes.deliveryErrorCode"));
        Assert.Equal("Unknown subscriber", Text(undelivered, "attributes.deliveryErrorText"));
        Assert.Equal("30005", Text(undelivered, "attributes.deliveryErrorCode"));
        Assert.Equal("+15559990000", Text(undelivered, "identities.phone"));
    }

    [Fact]
    public void Opt_in_opt_out_and_help_keep_keyword_and_reason()
    {
        var events = MapValid(s_format, AllTypes);

        Assert.Equal("JOIN", Text(events[2].Event, "attributes.keyword"));
        Assert.Equal("2026-11-20T11:00:00.000Z", Text(events[2].Event, "occurredAt"));
        var unsubscribe = events[3].Event;
        Assert.Equal("2026-11-20T11:30:00.000Z", Text(unsubscribe, "occurredAt"));
        Assert.Equal("MO keyword", Text(unsubscribe, "attributes.unsubscribeSource"));
        Assert.Equal("Too many messages", Text(unsubscribe, "attributes.unsubscribeReason"));
        var help = events[5].Event;
        Assert.Equal("2026-11-20T09:55:00.000Z", Text(help, "occurredAt"));
        Assert.Equal("+44 7700 900123", Text(help, "identities.phone"));
        Assert.Equal("HELP", Text(help, "attributes.keyword"));
    }

    [Fact]
    public void Confirmation_and_click_name_the_individual_as_well_as_the_phone()
    {
        var events = MapValid(s_format, AllTypes);
        var confirmation = events[4].Event;
        var click = events[6].Event;

        Assert.Equal("0PKHs000001AbCdE", Text(confirmation, "individualId"));
        Assert.Equal("+15551234567", Text(confirmation, "identities.phone"));
        Assert.Equal("+15551234567", Text(confirmation, "attributes.moPhoneNumber"));
        Assert.Equal("+15551234567", Text(confirmation, "attributes.contactPointPhoneNumber"));
        Assert.Equal("0PKHs000001AbCdE", Text(click, "individualId"));
        Assert.Equal("+15551234567", Text(click, "identities.phone"));
        Assert.Equal("shop-now", Text(click, "attributes.linkName"));
        Assert.Equal("https://shop.example.com/spring", Text(click, "attributes.linkUrl"));
        Assert.Equal("https://shop.example.com/spring?u=8d1f", Text(click, "attributes.resolvedUrl"));
        Assert.StartsWith("Mozilla/5.0", Text(click, "attributes.userAgent"), StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_a_bare_array_and_Data_360_API_field_names()
    {
        var e = Assert.Single(MapValid(s_format, """
            [{"ssot__EventID__c":"me-9","ssot__EventType__c":"NotSent","ssot__EventDateTime__c":"2026-11-20T10:15:00Z",
              "ssot__RecipientPhoneNumber__c":"+15551234567"}]
            """)).Event;

        Assert.Equal("me-9", Text(e, "eventId"));
        Assert.Equal("NotSent", Text(e, "type"));
        Assert.Equal("+15551234567", Text(e, "attributes.recipientPhoneNumber"));
    }

    [Fact]
    public void An_IndividualID_outside_the_contract_form_is_kept_as_an_attribute_only()
    {
        var e = Assert.Single(MapValid(s_format, """
            [{"EventID":"me-1","EventType":"CLICK","EventDateTime":"2026-11-20T10:15:00Z","RecipientPhone":"+15551234567","IndividualID":"ind 42"}]
            """)).Event;

        Assert.Null(e["individualId"]);
        Assert.Equal("ind 42", Text(e, "attributes.individualId"));
    }

    [Theory]
    [InlineData("""{"EventType":"SENT","EventDateTime":"2026-11-20T10:15:00Z","RecipientPhoneNumber":"+15551234567"}""", "EventID", "required")]
    [InlineData("""{"EventID":"","EventType":"SENT","EventDateTime":"2026-11-20T10:15:00Z","RecipientPhoneNumber":"+15551234567"}""", "EventID", "required")]
    [InlineData("""{"EventID":"me-1","EventDateTime":"2026-11-20T10:15:00Z","RecipientPhoneNumber":"+15551234567"}""", "EventType", "required")]
    [InlineData("""{"EventID":"me-1","EventType":"OPEN","EventDateTime":"2026-11-20T10:15:00Z","RecipientPhoneNumber":"+15551234567"}""", "EventType", "not a MessageEngagement event type")]
    [InlineData("""{"EventID":"me-1","EventType":"SENT","RecipientPhoneNumber":"+15551234567"}""", "EventDateTime", "required")]
    [InlineData("""{"EventID":"me-1","EventType":"SENT","EventDateTime":"20/11/2026 10:15","RecipientPhoneNumber":"+15551234567"}""", "EventDateTime", "ISO-8601")]
    [InlineData("""{"EventID":"me-1","EventType":"SENT","EventDateTime":"2026-11-20T10:15:00","RecipientPhoneNumber":"+15551234567"}""", "EventDateTime", "offset")]
    [InlineData("""{"EventID":"me-1","EventType":"SENT","EventDateTime":"2026-11-20T10:15:00Z","CreatedTime":"soon","RecipientPhoneNumber":"+15551234567"}""", "CreatedTime", "ISO-8601")]
    [InlineData("""{"EventID":"me-1","EventType":"UNDELIVERED","EventDateTime":"2026-11-20T10:15:00Z","MessageID":"m-1"}""", "RecipientPhoneNumber", "phone number (or IndividualID) is required")]
    [InlineData("""{"EventID":"me-1","EventType":"CLICK","EventDateTime":"2026-11-20T10:15:00Z","IndividualID":"not valid!"}""", "RecipientPhoneNumber", "IndividualID is not")]
    [InlineData("""{"EventID":"me-1","EventType":"HELP","EventDateTime":"2026-11-20T10:15:00Z","RecpientPhoneNumber":"call me"}""", "RecpientPhoneNumber", "not a phone number")]
    [InlineData("""["not a record"]""", "", "JSON object")]
    public void Rejects_a_malformed_record_naming_the_source_field(string record, string field, string reason)
    {
        var body = record.StartsWith('[') ? record : $"[{record}]";
        var error = SingleError(s_format, body);

        Assert.Equal(0, error.Index);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_the_index_of_the_bad_record_and_still_maps_the_others()
    {
        var (events, errors) = Map(s_format, """
            [{"EventID":"me-1","EventType":"SENT","EventDateTime":"2026-11-20T10:15:00Z","RecipientPhoneNumber":"+15551234567"},
             {"EventType":"SENT","EventDateTime":"2026-11-20T10:15:00Z","RecipientPhoneNumber":"+15551234567"},
             {"EventID":"me-3","EventType":"BOUNCED","EventDateTime":"yesterday"}]
            """);

        Assert.Equal([0], events.Select(e => e.Record));
        Assert.Equal([(1, "EventID"), (2, "EventType"), (2, "EventDateTime"), (2, "RecipientPhoneNumber")],
            errors.Select(e => (e.Index, e.Field)));
    }

    [Theory]
    [InlineData("""{"EventID":"me-1"}""")]
    [InlineData("""{"records":{"EventID":"me-1"}}""")]
    [InlineData("\"SENT\"")]
    public void Rejects_a_body_of_the_wrong_shape_once(string body)
    {
        var error = SingleError(s_format, body);

        Assert.Equal((0, ""), (error.Index, error.Field));
        Assert.Contains("MessageEngagement records", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_an_empty_body() =>
        Assert.Contains("no records", SingleError(s_format, """{"records":[]}""").Message, StringComparison.Ordinal);
}
