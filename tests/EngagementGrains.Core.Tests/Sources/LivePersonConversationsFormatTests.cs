using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Sources;
using static EngagementGrains.Core.Tests.Sources.SourceMapping;

namespace EngagementGrains.Core.Tests.Sources;

public sealed class LivePersonConversationsFormatTests
{
    private const string SeedConversation = "e5c58e49-e4a5-40a8-8a18-d6580d1d5630";
    private const string SeedConsumer = "f92c9890-2c95-428b-8a32-083528620d31";
    private const string Conversation = "7d1e0c55-2b9a-4e61-9f0d-3c8a5b7e2f10";
    private const string Consumer = "c0ffee00-1111-4222-8333-944455556666";

    private static readonly LivePersonConversationsFormat s_format = new(EventCatalog.Default);

    private static string Fixture() =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Sources", "Fixtures", "liveperson-conversation.json"));

    // A closed v2 conversation (numbers as numbers) with one SDE of each of the ten types.
    private const string ClosedConversation = """
        {"conversationHistoryRecords":[{
          "info":{"startTime":"2025-11-19 16:00:00.000+0000","startTimeL":1763568000000,"endTime":"2025-11-19 16:12:30.000+0000",
                  "endTimeL":1763568750000,"duration":750000,"conversationId":"7d1e0c55-2b9a-4e61-9f0d-3c8a5b7e2f10","brandId":"71234567",
                  "latestAgentId":"4455667788","latestSkillName":"Billing","source":"WEB","closeReason":"CONSUMER",
                  "status":"CLOSE","csatRate":4,"device":"DESKTOP"},
          "campaign":{"campaignId":"3300112233","campaignName":"Billing help"},
          "messageRecords":[
            {"type":"TEXT_PLAIN","messageData":{"msg":{"text":"My last invoice looks wrong"}},"messageId":"ms::conv:7d1e0c55-2b9a-4e61-9f0d-3c8a5b7e2f10::msg:0",
             "seq":0,"participantId":"c0ffee00-1111-4222-8333-944455556666","source":"WEB","time":"2025-11-19 16:00:05.000+0000","timeL":1763568005000,"sentBy":"Consumer"},
            {"type":"TEXT_PLAIN","messageData":{"msg":{"text":"Let me check that for you"}},"messageId":"ms::conv:7d1e0c55-2b9a-4e61-9f0d-3c8a5b7e2f10::msg:1",
             "seq":1,"participantId":"4455667788","source":"WEB","time":"2025-11-19 16:01:00.000+0000","timeL":1763568060000,"sentBy":"Agent"}],
          "consumerParticipants":[{"participantId":"c0ffee00-1111-4222-8333-944455556666","firstName":"Maria","lastName":"Rossi","email":"undefined","phone":"0",
                                   "time":"2025-11-19 16:00:00.010+0000","timeL":1763568000010}],
          "sdes":{"events":[
            {"customerInfo":{"serverTimeStamp":1763568001000,"originalTimeStamp":1763568000900,
               "customerInfo":{"customerId":"CUST-88231","customerStatus":"active","customerType":"gold","balance":-42.5,"currency":"EUR",
                               "socialId":"fb-10029","imei":"356938035643809","userName":"mrossi","loginStatus":1,"companySize":12,
                               "registrationDate":{"year":2019,"month":3,"day":2}}},
             "sdeType":"CUSTOMER_INFO","serverTimeStamp":1763568001000},
            {"personalInfo":{"serverTimeStamp":1763568001000,"originalTimeStamp":1763568000900,
               "personalInfo":{"name":"Maria","surname":"Rossi","gender":"FEMALE","language":"it-IT",
                               "contacts":[{"personalContact":{"email":"maria.rossi@example.it","phone":"+39 06 1234 5678"}}]}},
             "sdeType":"PERSONAL_INFO","serverTimeStamp":1763568001000}]},
          "unAuthSdes":{"events":[
            {"cartStatus":{"serverTimeStamp":1763568002000,"total":129.9,"currency":"EUR","numItems":2,
               "products":[{"quantity":2,"product":{"name":"Router X2","category":"network","sku":"RX2","price":64.95}}]},
             "sdeType":"CART_STATUS","serverTimeStamp":1763568002000,"isAuthenticated":false},
            {"purchase":{"serverTimeStamp":1763568003000,"total":129.9,"currency":"EUR","orderId":"ORD-55120",
               "cart":{"total":129.9,"numItems":2,"products":[]}},
             "sdeType":"PURCHASE","serverTimeStamp":1763568003000,"isAuthenticated":false},
            {"viewedProduct":{"serverTimeStamp":1763568004000,"currency":"EUR",
               "products":[{"quantity":1,"product":{"name":"Mesh kit","sku":"MK3","price":199,"statusInStock":"IN_STOCK","quantityInStock":14}}]},
             "sdeType":"VIEWED_PRODUCT","serverTimeStamp":1763568004000,"isAuthenticated":false},
            {"searchContent":{"serverTimeStamp":1763568005000,"keywords":["invoice","refund"]},
             "sdeType":"SEARCH_CONTENT","serverTimeStamp":1763568005000,"isAuthenticated":false},
            {"marketingCampaignInfo":{"serverTimeStamp":1763568006000,
               "marketingCampaignInfo":{"originatingChannel":2,"affiliate":"newsletter","campaignId":"nov-billing"}},
             "sdeType":"MARKETING_CAMPAIGN_INFO","serverTimeStamp":1763568006000,"isAuthenticated":false},
            {"visitorError":{"serverTimeStamp":1763568007000,
               "visitorError":{"contextId":"checkout","message":"Card declined","code":"PAY-402","level":2,"resolved":false}},
             "sdeType":"VISITOR_ERROR","serverTimeStamp":1763568007000,"isAuthenticated":false},
            {"lead":{"serverTimeStamp":1763568008000,
               "lead":{"topic":"fibre upgrade","value":35.0,"currency":"EUR","leadId":"LEAD-7781"}},
             "sdeType":"LEAD","serverTimeStamp":1763568008000,"isAuthenticated":false},
            {"serviceActivity":{"serverTimeStamp":1763568009000,
               "serviceActivity":{"topic":"invoice dispute","status":1,"category":"billing","serviceId":"SR-20931"}},
             "sdeType":"SERVICE_ACTIVITY","serverTimeStamp":1763568009000,"isAuthenticated":false}]}
        }]}
        """;

    [Fact]
    public void Maps_the_seed_conversation_history_example()
    {
        var events = MapValid(s_format, Fixture());

        Assert.All(events, e => Assert.Equal(0, e.Record));
        Assert.All(events, e => Assert.Equal(SeedConsumer, Text(e.Event, "identities.participantId")));
        Assert.Equal(
            ["ConversationStarted",
             "ChatMessageSent", "ChatMessageSent", "ChatMessageSent", "ChatMessageSent",
             "CustomerInfo", "PersonalInfo",
             "CartStatus", "MarketingCampaignInfo", "CustomerInfo", "PersonalInfo", "SearchContent",
             "ViewedProduct", "VisitorError", "Lead", "Purchase", "ServiceActivity"],
            events.Select(e => Text(e.Event, "type")));
    }

    [Fact]
    public void The_seed_conversation_starts_but_has_not_ended()
    {
        var started = MapValid(s_format, Fixture())[0].Event;

        Assert.Equal($"lp:{SeedConversation}:started", Text(started, "eventId"));
        Assert.Equal("2016-08-29T14:30:24.565Z", Text(started, "occurredAt"));
        Assert.Equal(SeedConversation, Text(started, "attributes.conversationId"));
        Assert.Equal("2266771712", Text(started, "attributes.campaignId"));
        Assert.Equal("Unassigned", Text(started, "attributes.skillName"));
        Assert.Equal("3677470410", Text(started, "attributes.agentId"));
        Assert.Equal("APP", Text(started, "attributes.source"));
        Assert.Null(started["attributes"]!["device"]);
    }

    [Fact]
    public void Every_seed_message_record_is_a_chat_message()
    {
        var messages = MapValid(s_format, Fixture()).Where(e => Text(e.Event, "type") == "ChatMessageSent").Select(e => e.Event).ToList();

        Assert.Equal(new[] { "0", "1", "2", "3" }.Select(s => $"lp:{SeedConversation}:msg:{s}"), messages.Select(m => Text(m, "eventId")));
        Assert.Equal("2016-08-29T15:14:19.564Z", Text(messages[0], "occurredAt"));
        Assert.Equal("Hi there #4", Text(messages[0], "attributes.text"));
        Assert.Equal("Consumer", Text(messages[0], "attributes.sentBy"));
        Assert.Equal("Agent", Text(messages[1], "attributes.sentBy"));
        Assert.Equal("3677470410", Text(messages[1], "attributes.senderParticipantId"));
        Assert.Equal("RICH_CONTENT", Text(messages[3], "attributes.contentType"));
        Assert.Null(messages[3]["attributes"]!["text"]);
    }

    [Fact]
    public void Seed_SDEs_land_flat_under_their_catalog_field_names_with_their_contact_points()
    {
        var events = MapValid(s_format, Fixture());
        var customer = events[9].Event;
        var personal = events[10].Event;
        var lead = events[14].Event;

        Assert.Equal($"lp:{SeedConversation}:sde:1497871291351:0", Text(events[5].Event, "eventId"));
        Assert.Equal("12345678", Text(events[5].Event, "identities.customerId"));
        Assert.Equal("dummy@mail.com", Text(events[6].Event, "identities.email"));

        Assert.Equal($"lp:{SeedConversation}:unauth-sde:1528628536880:2", Text(customer, "eventId"));
        Assert.Equal("2018-06-10T11:02:16.880Z", Text(customer, "occurredAt"));
        Assert.Equal("customerId", Text(customer, "identities.customerId"));
        Assert.Equal("socialid", Text(customer, "identities.socialId"));
        Assert.Equal("imeiID", Text(customer, "identities.imei"));
        Assert.Equal("cancelled", Text(customer, "attributes.customerStatus"));
        Assert.Equal("-400.99", Text(customer, "attributes.balance"));
        Assert.Equal("2222", Text(customer, "attributes.companySize"));
        Assert.Equal("false", Text(customer, "attributes.isAuthenticated"));

        Assert.Equal("myname@example.com", Text(personal, "identities.email"));
        Assert.Equal("+1 212-788-8877", Text(personal, "identities.phone"));
        Assert.Equal("John", Text(personal, "attributes.name"));
        Assert.Equal("myname@example.com", Text(personal, "attributes.email"));

        Assert.Equal($"lp:{SeedConversation}:unauth-sde:1528628536882:7", Text(lead, "eventId"));
        Assert.Equal("xyz123", Text(lead, "identities.leadId"));
        Assert.Equal("luxury car test drive 2015", Text(lead, "attributes.topic"));
        Assert.Equal("22.22", Text(lead, "attributes.value"));
    }

    [Fact]
    public void Re_sending_an_export_gives_the_same_distinct_event_ids()
    {
        var first = MapValid(s_format, Fixture()).Select(e => Text(e.Event, "eventId")).ToList();
        var second = MapValid(s_format, Fixture()).Select(e => Text(e.Event, "eventId")).ToList();

        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Distinct().Count());
    }

    [Fact]
    public void A_closed_conversation_ends_and_every_SDE_type_becomes_its_catalog_type()
    {
        var events = MapValid(s_format, ClosedConversation);

        Assert.Equal(
            ["ConversationStarted", "ConversationEnded", "ChatMessageSent", "ChatMessageSent",
             "CustomerInfo", "PersonalInfo", "CartStatus", "Purchase", "ViewedProduct", "SearchContent",
             "MarketingCampaignInfo", "VisitorError", "Lead", "ServiceActivity"],
            events.Select(e => Text(e.Event, "type")));
        var ended = events[1].Event;
        Assert.Equal($"lp:{Conversation}:ended", Text(ended, "eventId"));
        Assert.Equal("2025-11-19T16:12:30.000Z", Text(ended, "occurredAt"));
        Assert.Equal("750000", Text(ended, "attributes.duration"));
        Assert.Equal("4", Text(ended, "attributes.csatRate"));
        Assert.Equal("CONSUMER", Text(ended, "attributes.closeReason"));
        Assert.Equal("DESKTOP", Text(ended, "attributes.device"));
        Assert.Equal("Billing", Text(ended, "attributes.skillName"));
    }

    [Fact]
    public void Each_SDE_carries_its_own_fields_and_contact_points()
    {
        var events = MapValid(s_format, ClosedConversation);
        string? At(int i, string path) => Text(events[i].Event, path);

        Assert.Equal("CUST-88231", At(4, "identities.customerId"));
        Assert.Equal("356938035643809", At(4, "identities.imei"));
        Assert.Equal(Consumer, At(4, "identities.participantId"));
        Assert.Equal("1", At(4, "attributes.loginStatus"));
        Assert.Equal("true", At(4, "attributes.isAuthenticated"));
        Assert.Equal("maria.rossi@example.it", At(5, "identities.email"));
        Assert.Equal("+39 06 1234 5678", At(5, "attributes.phone"));
        Assert.Equal("129.9", At(6, "attributes.total"));
        Assert.Equal("2", At(6, "attributes.numItems"));
        Assert.Equal("ORD-55120", At(7, "attributes.orderId"));
        Assert.Equal("MK3", Text(events[8].Event["attributes"]!["products"]![0]!.AsObject(), "product.sku"));
        Assert.Equal("""["invoice","refund"]""", At(9, "attributes.keywords"));
        Assert.Equal("nov-billing", At(10, "attributes.campaignId"));
        Assert.Equal("PAY-402", At(11, "attributes.code"));
        Assert.Equal("false", At(11, "attributes.resolved"));
        Assert.Equal("LEAD-7781", At(12, "identities.leadId"));
        Assert.Equal("SR-20931", At(13, "attributes.serviceId"));
        Assert.Equal($"lp:{Conversation}:unauth-sde:1763568009000:7", At(13, "eventId"));
        Assert.Equal("2025-11-19T16:00:09.000Z", At(13, "occurredAt"));
        Assert.All(events.Skip(4), e => Assert.Equal(Conversation, Text(e.Event, "attributes.conversationId")));
        Assert.Null(events[0].Event["identities"]!["email"]);
    }

    [Theory]
    [InlineData("""{"campaign":{}}""", "info", "required")]
    [InlineData("""{"info":{"startTimeL":1763568000000},"consumerParticipants":[{"participantId":"p-1"}]}""", "info.conversationId", "required")]
    [InlineData("""{"info":{"conversationId":"c-1","startTimeL":1763568000000},"consumerParticipants":[{"participantId":"undefined"}]}""", "consumerParticipants", "no consumer")]
    [InlineData("""{"info":{"conversationId":"c-1","startTime":"undefined"},"consumerParticipants":[{"participantId":"p-1"}]}""", "info.startTime", "required")]
    [InlineData("""{"info":{"conversationId":"c-1","startTime":"Tuesday"},"consumerParticipants":[{"participantId":"p-1"}]}""", "info.startTime", "ISO-8601")]
    [InlineData("""{"info":{"conversationId":"c-1","startTimeL":1763568000000},"consumerParticipants":[{"participantId":"p-1"}],"messageRecords":[{"seq":0,"time":"soon"}]}""", "messageRecords[0].time", "ISO-8601")]
    [InlineData("""{"info":{"conversationId":"c-1","startTimeL":1763568000000},"consumerParticipants":[{"participantId":"p-1"}],"unAuthSdes":{"events":[{"sdeType":"WEATHER","weather":{}}]}}""", "unAuthSdes.events[0].sdeType", "not a LivePerson engagement attribute type")]
    [InlineData("""{"info":{"conversationId":"c-1","startTimeL":1763568000000},"consumerParticipants":[{"participantId":"p-1"}],"sdes":{"events":[{"lead":{"lead":{"topic":"x"}}}]}}""", "sdes.events[0].sdeType", "required")]
    [InlineData("""{"info":{"conversationId":"c-1","startTimeL":1763568000000},"consumerParticipants":[{"participantId":"p-1"}],"sdes":{"events":[{"sdeType":"LEAD"}]}}""", "sdes.events[0].lead", "required")]
    [InlineData("""{"info":{"conversationId":"c-1","startTimeL":1763568000000},"consumerParticipants":[{"participantId":"p-1"}],"sdes":{"events":[{"sdeType":"LEAD","lead":{"lead":{"topic":"x"}}}]}}""", "sdes.events[0].serverTimeStamp", "required")]
    [InlineData("""{"info":{"conversationId":"c-1","startTimeL":1763568000000},"consumerParticipants":[{"participantId":"p-1"}],"sdes":[]}""", "sdes", "events array")]
    public void Rejects_a_malformed_conversation_naming_the_field(string record, string field, string reason)
    {
        var error = SingleError(s_format, $"{{\"conversationHistoryRecords\":[{record}]}}");

        Assert.Equal(0, error.Index);
        Assert.Equal(field, error.Field);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conversation_with_an_error_yields_nothing_while_the_others_map()
    {
        var (events, errors) = Map(s_format, """
            [{"info":{"conversationId":"c-1","startTimeL":1763568000000},"consumerParticipants":[{"participantId":"p-1"}]},
             {"info":{"conversationId":"c-2","startTimeL":1763568000000},"consumerParticipants":[{"participantId":"p-2"}],
              "sdes":{"events":[{"sdeType":"PURCHASE","purchase":{"total":"9.5"}}]}}]
            """);

        var started = Assert.Single(events);
        Assert.Equal((0, "lp:c-1:started"), (started.Record, Text(started.Event, "eventId")));
        var error = Assert.Single(errors);
        Assert.Equal((1, "sdes.events[0].serverTimeStamp"), (error.Index, error.Field));
    }

    [Fact]
    public void Falls_back_to_the_first_consumer_message_sender()
    {
        var events = MapValid(s_format, """
            {"conversationHistoryRecords":[{"info":{"conversationId":"c-3","startTimeL":1763568000000},
              "messageRecords":[{"seq":0,"timeL":1763568001000,"participantId":"agent-1","sentBy":"Agent"},
                                {"seq":1,"timeL":1763568002000,"participantId":"p-3","sentBy":"Consumer"}]}]}
            """);

        Assert.All(events, e => Assert.Equal("p-3", Text(e.Event, "identities.participantId")));
    }

    [Theory]
    [InlineData("""{"_metadata":{"count":0}}""")]
    [InlineData("""{"conversationHistoryRecords":{}}""")]
    [InlineData("null")]
    public void Rejects_a_body_of_the_wrong_shape_once(string body)
    {
        var error = SingleError(s_format, body);

        Assert.Equal((0, ""), (error.Index, error.Field));
        Assert.Contains("conversationHistoryRecords", error.Message, StringComparison.Ordinal);
    }
}
