using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Sources;
using static EngagementGrains.Core.Tests.Sources.SourceMapping;

namespace EngagementGrains.Core.Tests.Sources;

public sealed class DynamicsInteractionsFormatTests
{
    private const string Contact = "6f3b1c2e-8a4d-4f0e-9b7a-1d2c3e4f5a6b";
    private const string Lead = "0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f";
    private const string Journey = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";

    private static readonly DynamicsInteractionsFormat s_format = new(EventCatalog.Default);

    // A week of one journey's interactions across its channels, as the OData API pages them.
    private const string Interactions = $$"""
        {"@odata.context":"https://org.crm.dynamics.com/api/data/v9.2/$metadata#interactions","value":[
          {"@odata.etag":"W/\"1\"","interactionName":"EmailSent","interactionId":"ix-001","timestamp":"2026-11-16T09:00:00Z",
           "contactId":"{{Contact}}","email":"Ana.Silva@Example.com","journeyId":"{{Journey}}","messageId":"msg-welcome","campaignId":"cmp-autumn"},
          {"interactionName":"EmailOpened","interactionId":"ix-002","timestamp":"2026-11-16T09:42:10.250Z",
           "contactId":"{{Contact}}","emailAddress":"ana.silva@example.com","journeyId":"{{Journey}}","messageId":"msg-welcome","emailClient":"Outlook"},
          {"interactionName":"EmailClicked","interactionId":"ix-003","timestamp":"2026-11-16T09:43:00Z",
           "contactId":"{{Contact}}","messageId":"msg-welcome","linkUrl":"https://contoso.example.com/offer","linkId":"lnk-7"},
          {"interactionName":"EmailHardBounced","interactionId":"ix-004","timestamp":"2026-11-16T09:01:00Z",
           "leadId":"{{Lead}}","email":"old.address@example.org","messageId":"msg-welcome","reason":"Mailbox does not exist","errorCode":"5.1.1"},
          {"interactionName":"SmsSent","interactionId":"ix-005","timestamp":"2026-11-17T12:00:00Z",
           "contactId":"{{Contact}}","phoneNumber":"+351912345678","messageId":"sms-reminder","journeyId":"{{Journey}}"},
          {"interactionName":"SmsLinkClicked","interactionId":"ix-006","timestamp":"2026-11-17T12:05:00Z",
           "contactId":"{{Contact}}","messageId":"sms-reminder","linkUrl":"https://contoso.example.com/r/abc"},
          {"interactionName":"PushNotificationSent","interactionId":"ix-007","timestamp":"2026-11-18T07:30:00Z",
           "profileId":"{{Contact}}","profileType":"contact","deviceId":"dev-ios-77f1","messageId":"push-flash"},
          {"interactionName":"PushNotificationOpened","interactionId":"ix-008","timestamp":"2026-11-18T07:31:15Z",
           "profileId":"cip-00042","profileType":"msdynci_customerprofile","deviceId":"dev-ios-77f1","messageId":"push-flash"},
          {"interactionName":"FormVisited","interactionId":"ix-009","timestamp":"2026-11-18T10:00:00Z",
           "leadId":"{{Lead}}","formId":"frm-webinar","pageUrl":"https://contoso.example.com/webinar"},
          {"interactionName":"FormSubmitted","interactionId":"ix-010","timestamp":"2026-11-18T10:03:00Z",
           "leadId":"{{Lead}}","email":"new.lead@example.net","formId":"frm-webinar","pageUrl":"https://contoso.example.com/webinar"},
          {"interactionName":"EventRegistration","interactionId":"ix-011","timestamp":"2026-11-18T10:03:01Z",
           "contactId":"{{Contact}}","marketingEventId":"evt-summit-26","registrationId":"reg-5521"},
          {"interactionName":"EventCheckIn","interactionId":"ix-012","timestamp":"2026-11-20T08:45:00Z",
           "contactId":"{{Contact}}","marketingEventId":"evt-summit-26","registrationId":"reg-5521","sessionId":"ses-keynote"},
          {"interactionName":"JourneyEventInflow","interactionId":"ix-013","timestamp":"2026-11-16T08:59:59Z",
           "profileId":"{{Lead}}","profileType":"lead","journeyId":"{{Journey}}"},
          {"interactionName":"JourneyEventCompleted","interactionId":"ix-014","timestamp":"2026-11-21T00:00:00Z",
           "contactId":"{{Contact}}","journeyId":"{{Journey}}"},
          {"interactionName":"WebsiteVisited","interactionId":"ix-015","timestamp":"2026-11-19T15:20:00Z",
           "contactId":"{{Contact}}","pageUrl":"https://contoso.example.com/pricing","websiteId":"web-main","referrer":"https://www.bing.com/"},
          {"interactionName":"WebsiteClicked","interactionId":"ix-016","timestamp":"2026-11-19T15:21:00Z",
           "contactId":"{{Contact}}","pageUrl":"https://contoso.example.com/pricing","linkUrl":"https://contoso.example.com/trial"},
          {"interactionName":"EmailAddressOptedOut","interactionId":"ix-017","timestamp":"2026-11-22T18:00:00Z",
           "contactId":"{{Contact}}","email":"ana.silva@example.com"}
        ]}
        """;

    [Fact]
    public void Maps_each_interaction_to_the_catalog_type_of_the_same_name()
    {
        var events = MapValid(s_format, Interactions);

        Assert.Equal(
            ["EmailSent", "EmailOpened", "EmailClicked", "EmailHardBounced", "SmsSent", "SmsLinkClicked",
             "PushNotificationSent", "PushNotificationOpened", "FormVisited", "FormSubmitted", "EventRegistration",
             "EventCheckIn", "JourneyEventInflow", "JourneyEventCompleted", "WebsiteVisited", "WebsiteClicked", "EmailAddressOptedOut"],
            events.Select(e => Text(e.Event, "type")));
        Assert.Equal(Enumerable.Range(1, 17).Select(i => $"ix-{i:000}"), events.Select(e => Text(e.Event, "eventId")));
        Assert.Equal(Enumerable.Range(0, 17), events.Select(e => e.Record));
    }

    [Fact]
    public void Every_interaction_name_of_the_seed_maps_from_a_record_that_carries_its_fields()
    {
        // One record per Journeys interaction, each filled with the fields the catalog lists for it.
        var names = EventCatalog.Default.Types.Where(t => t.Family == "journeys").ToArray();
        var records = new System.Text.Json.Nodes.JsonArray();
        foreach (var (type, i) in names.Select((t, i) => (t, i)))
        {
            var record = new System.Text.Json.Nodes.JsonObject
            {
                ["interactionName"] = type.Name,
                ["interactionId"] = $"ix-all-{i}",
                ["timestamp"] = "2026-11-16T09:00:00Z",
                ["contactId"] = Contact,
            };
            foreach (var (field, kind) in type.Fields)
            {
                if (!record.ContainsKey(field))
                {
                    record[field] = kind switch
                    {
                        FieldType.Int or FieldType.Long => 3,
                        FieldType.Double => 1.5,
                        FieldType.Bool => true,
                        FieldType.DateTime => "2026-11-16T08:59:00Z",
                        FieldType.Object => new System.Text.Json.Nodes.JsonObject { ["id"] = "x" },
                        FieldType.Array => new System.Text.Json.Nodes.JsonArray("x"),
                        _ when field.Contains("email", StringComparison.OrdinalIgnoreCase) => "ana.silva@example.com",
                        _ when field.Contains("phone", StringComparison.OrdinalIgnoreCase) => "+351912345678",
                        _ => $"{field}-value",
                    };
                }
            }

            records.Add(record);
        }

        var events = MapValid(s_format, records.ToJsonString());
        Assert.True(names.Length > 100, $"only {names.Length} interaction names in the catalog");
        Assert.Equal(names.Select(n => n.Name), events.Select(e => Text(e.Event, "type")));
        Assert.All(events, e => Assert.Equal(Contact, Text(e.Event, "identities.contactId")));
    }

    [Fact]
    public void Email_interactions_carry_contact_email_and_message()
    {
        var events = MapValid(s_format, Interactions);
        var sent = events[0].Event;
        var opened = events[1].Event;
        var clicked = events[2].Event;
        var bounced = events[3].Event;

        Assert.Equal("2026-11-16T09:00:00.000Z", Text(sent, "occurredAt"));
        Assert.Equal(Contact, Text(sent, "identities.contactId"));
        Assert.Equal("Ana.Silva@Example.com", Text(sent, "identities.email"));
        Assert.Equal("Ana.Silva@Example.com", Text(sent, "attributes.emailAddress"));
        Assert.Equal(Journey, Text(sent, "attributes.journeyId"));
        Assert.Equal("cmp-autumn", Text(sent, "attributes.campaignId"));
        Assert.Null(sent["attributes"]!["contactId"]);
        Assert.Null(sent["attributes"]!["@odata.etag"]);
        Assert.Null(sent["individualId"]);
        Assert.Equal("2026-11-16T09:42:10.250Z", Text(opened, "occurredAt"));
        Assert.Equal("Outlook", Text(opened, "attributes.emailClient"));
        Assert.Equal("https://contoso.example.com/offer", Text(clicked, "attributes.linkUrl"));
        Assert.Equal(Lead, Text(bounced, "identities.leadId"));
        Assert.Equal("5.1.1", Text(bounced, "attributes.errorCode"));
        Assert.Equal("Mailbox does not exist", Text(bounced, "attributes.reason"));
    }

    [Fact]
    public void Sms_and_push_interactions_carry_phone_and_device()
    {
        var events = MapValid(s_format, Interactions);

        Assert.Equal("+351912345678", Text(events[4].Event, "identities.phone"));
        Assert.Equal("+351912345678", Text(events[4].Event, "attributes.phoneNumber"));
        Assert.Equal("https://contoso.example.com/r/abc", Text(events[5].Event, "attributes.linkUrl"));
        var pushSent = events[6].Event;
        Assert.Equal(Contact, Text(pushSent, "identities.contactId"));
        Assert.Equal("dev-ios-77f1", Text(pushSent, "identities.deviceId"));
        Assert.Equal("contact", Text(pushSent, "attributes.profileType"));
        Assert.Equal(Contact, Text(pushSent, "attributes.profileId"));
        Assert.Equal("cip-00042", Text(events[7].Event, "identities.customerId"));
    }

    [Fact]
    public void Form_event_journey_and_website_interactions_keep_their_ids()
    {
        var events = MapValid(s_format, Interactions);

        Assert.Equal("frm-webinar", Text(events[8].Event, "attributes.formId"));
        Assert.Equal("new.lead@example.net", Text(events[9].Event, "identities.email"));
        Assert.Equal(Lead, Text(events[9].Event, "identities.leadId"));
        Assert.Equal("evt-summit-26", Text(events[10].Event, "attributes.marketingEventId"));
        Assert.Equal("reg-5521", Text(events[11].Event, "attributes.registrationId"));
        Assert.Equal("ses-keynote", Text(events[11].Event, "attributes.sessionId"));
        Assert.Equal(Lead, Text(events[12].Event, "identities.leadId"));
        Assert.Equal(Journey, Text(events[13].Event, "attributes.journeyId"));
        Assert.Equal("https://www.bing.com/", Text(events[14].Event, "attributes.referrer"));
        Assert.Equal("web-main", Text(events[14].Event, "attributes.websiteId"));
        Assert.Equal("https://contoso.example.com/trial", Text(events[15].Event, "attributes.linkUrl"));
        Assert.Equal("ana.silva@example.com", Text(events[16].Event, "identities.email"));
    }

    [Fact]
    public void Reads_Dataverse_PascalCase_columns_and_epoch_milliseconds()
    {
        var e = Assert.Single(MapValid(s_format, $$"""
            [{"InteractionType":"emailopened","InternalMarketingInteractionId":"ix-900","CreatedOn":1763633700000,
              "ContactId":"{{Contact}}","CustomerJourneyId":"{{Journey}}","MessageId":"msg-1","UserAgent":"Outlook-iOS/2.0"}]
            """)).Event;

        Assert.Equal("EmailOpened", Text(e, "type"));
        Assert.Equal("ix-900", Text(e, "eventId"));
        Assert.Equal("2025-11-20T10:15:00.000Z", Text(e, "occurredAt"));
        Assert.Equal(Contact, Text(e, "identities.contactId"));
        Assert.Equal(Journey, Text(e, "attributes.journeyId"));
        Assert.Equal("msg-1", Text(e, "attributes.messageId"));
        Assert.Equal("Outlook-iOS/2.0", Text(e, "attributes.userAgent"));
    }

    [Theory]
    [InlineData("""{"interactionId":"ix-1","timestamp":"2026-11-20T10:15:00Z","contactId":"c-1"}""", "interactionName", "required")]
    [InlineData("""{"interactionName":"EmailRead","interactionId":"ix-1","timestamp":"2026-11-20T10:15:00Z","contactId":"c-1"}""", "interactionName", "not a Customer Insights - Journeys interaction")]
    [InlineData("""{"interactionName":"Purchase","interactionId":"ix-1","timestamp":"2026-11-20T10:15:00Z","contactId":"c-1"}""", "interactionName", "not a Customer Insights - Journeys interaction")]
    [InlineData("""{"interactionName":"EmailSent","timestamp":"2026-11-20T10:15:00Z","contactId":"c-1"}""", "interactionId", "required")]
    [InlineData("""{"interactionName":"EmailSent","interactionId":"ix-1","contactId":"c-1"}""", "timestamp", "required")]
    [InlineData("""{"interactionName":"EmailSent","interactionId":"ix-1","timestamp":"last Tuesday","contactId":"c-1"}""", "timestamp", "ISO-8601")]
    [InlineData("""{"interactionName":"EmailSent","interactionId":"ix-1","CreatedOn":"2026-11-20T10:15:00","contactId":"c-1"}""", "CreatedOn", "offset")]
    [InlineData("""{"interactionName":"EmailSent","interactionId":"ix-1","timestamp":"2026-11-20T10:15:00Z","messageId":"m-1"}""", "contactId", "is required")]
    [InlineData("""{"interactionName":"EmailSent","interactionId":"ix-1","timestamp":"2026-11-20T10:15:00Z","email":"not-an-address"}""", "email", "not an email address")]
    [InlineData("""{"interactionName":"SmsSent","interactionId":"ix-1","timestamp":"2026-11-20T10:15:00Z","phoneNumber":"12"}""", "phoneNumber", "phone number")]
    [InlineData("""42""", "", "JSON object")]
    public void Rejects_a_malformed_record_naming_the_field(string record, string field, string reason)
    {
        var error = SingleError(s_format, $"{{\"value\":[{record}]}}");

        Assert.Equal(0, error.Index);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_the_index_of_the_bad_record()
    {
        var (events, errors) = Map(s_format, """
            [{"interactionName":"EmailSent","interactionId":"ix-1","timestamp":"2026-11-20T10:15:00Z","contactId":"c-1"},
             {"interactionName":"EmailSent","interactionId":"ix-2","timestamp":"2026-11-20T10:15:00Z"}]
            """);

        Assert.Equal([0], events.Select(e => e.Record));
        var error = Assert.Single(errors);
        Assert.Equal((1, "contactId"), (error.Index, error.Field));
    }

    [Theory]
    [InlineData("""{"interactionName":"EmailSent"}""")]
    [InlineData("""{"value":null}""")]
    [InlineData("true")]
    public void Rejects_a_body_of_the_wrong_shape_once(string body)
    {
        var error = SingleError(s_format, body);

        Assert.Equal((0, ""), (error.Index, error.Field));
        Assert.Contains("{\"value\":[...]}", error.Message, StringComparison.Ordinal);
    }
}
