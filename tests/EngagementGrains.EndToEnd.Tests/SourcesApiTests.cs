using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

[Collection(HostCollection.Name)]
public sealed class SourcesApiTests(HostFixture fixture)
{
    private static string NewPhone() => $"+1555{Random.Shared.Next(1000000, 9999999)}";

    [Fact]
    public async Task Salesforce_message_engagement_records_of_every_type_reach_the_person_once()
    {
        using var client = fixture.Host.Client();
        var phone = NewPhone();
        var day = DateTimeOffset.UtcNow.AddDays(-2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$"""
            {"records":[
              {"EventID":"me-1","EventType":"SENT","EventDateTime":"{{{day}}}T10:15:00.000Z","BulkMessage":"bm-1","RecpientPhoneNumber":"{{{phone}}}","SenderID":"88776","Message":"Sale today"},
              {"EventID":"me-2","EventType":"NOT_SENT","EventDateTime":"{{{day}}}T10:15:01.000Z","BulkMessage":"bm-1","RecipientPhoneNumber":"{{{phone}}}","DeliveryErrorCode":"4001"},
              {"EventID":"me-3","EventType":"SUBSCRIBE","EventDateTime":"{{{day}}}T11:00:00Z","RecpientPhoneNumber":"{{{phone}}}","Keyword":"JOIN"},
              {"EventID":"me-4","EventType":"UNSUBSCRIBE","EventDateTime":"{{{day}}}T11:30:00Z","RecpientPhoneNumber":"{{{phone}}}","Keyword":"STOP","UnsubscribeSource":"MO keyword"},
              {"EventID":"me-5","EventType":"CONFIRMATION","EventDateTime":"{{{day}}}T11:30:05Z","ContactPointPhoneNumber":"{{{phone}}}","Keyword":"STOP"},
              {"EventID":"me-6","EventType":"HELP","EventDateTime":"{{{day}}}T11:40:00Z","RecpientPhoneNumber":"{{{phone}}}","Keyword":"HELP"},
              {"EventID":"me-7","EventType":"CLICK","EventDateTime":"{{{day}}}T12:00:00Z","LinkURL":"https://shop.example.com/spring","RecipientPhone":"{{{phone}}}"},
              {"EventID":"me-8","EventType":"UNDELIVERED","EventDateTime":"{{{day}}}T13:00:00Z","MessageID":"msg-9","DeliveryErrorCode":"30005","RecipientPhoneNumber":"{{{phone}}}"}
            ]}
            """;
        using (var first = await client.PostAsync(new Uri("/v1/sources/salesforce-message-engagement", UriKind.Relative), Api.Json(body)))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            var result = await first.ReadObjectAsync();
            Assert.Equal(8, (int)result["records"]!);
            Assert.Equal(8, (int)result["accepted"]!);
        }

        using (var again = await client.PostAsync(new Uri("/v1/sources/salesforce-message-engagement", UriKind.Relative), Api.Json(body)))
        {
            Assert.Equal(8, (int)(await again.ReadObjectAsync())["duplicates"]!);
        }

        var profile = await client.GetObjectAsync($"/v1/profiles/lookup?phone={Uri.EscapeDataString(phone)}");
        Assert.Equal(8, (int)profile["eventCount"]!);
        Assert.Equal(
            ["Confirmation", "Help", "NotSent", "SmsLinkClicked", "SmsSent", "Subscribe", "Undelivered", "Unsubscribe"],
            profile["eventCounts"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("unsubscribed", (string)profile["consent"]!["sms"]!["status"]!);
    }

    [Fact]
    public async Task Journeys_interactions_unify_by_contact_and_email()
    {
        using var client = fixture.Host.Client();
        var contact = Guid.NewGuid().ToString();
        var email = $"{Guid.NewGuid():N}@Example.com";
        var at = DateTimeOffset.UtcNow.AddDays(-1);
        string T(int minutes) => at.AddMinutes(minutes).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var body = $$$"""
            {"value":[
              {"interactionName":"EmailSent","interactionId":"ix-1","timestamp":"{{{T(0)}}}","contactId":"{{{contact}}}","email":"{{{email}}}","messageId":"msg-1"},
              {"interactionName":"EmailOpened","interactionId":"ix-2","timestamp":"{{{T(5)}}}","contactId":"{{{contact}}}","messageId":"msg-1"},
              {"interactionName":"EmailClicked","interactionId":"ix-3","timestamp":"{{{T(6)}}}","emailAddress":"{{{email}}}","linkUrl":"https://contoso.example.com/offer"},
              {"interactionName":"EventCheckIn","interactionId":"ix-4","timestamp":"{{{T(60)}}}","profileId":"{{{contact}}}","profileType":"contact","marketingEventId":"evt-1"}
            ]}
            """;
        using var response = await client.PostAsync(new Uri("/v1/sources/dynamics-interactions", UriKind.Relative), Api.Json(body));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        var byContact = await client.GetObjectAsync($"/v1/profiles/lookup?contactId={contact}");
        var byEmail = await client.GetObjectAsync($"/v1/profiles/lookup?email={Uri.EscapeDataString(email)}");
        Assert.Equal((string)byContact["individualId"]!, (string)byEmail["individualId"]!);
        Assert.Equal(4, (int)byContact["eventCount"]!);
        Assert.Equal(1, (int)byContact["eventCounts"]!["EventCheckIn"]!);
    }

    [Fact]
    public async Task The_LivePerson_seed_conversation_becomes_events_on_its_consumer_and_as_published_gets_a_400_saying_where_it_breaks()
    {
        using var client = fixture.Host.Client();
        var fixed_ = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "tests", "EngagementGrains.Core.Tests", "Sources", "Fixtures", "liveperson-conversation.json"), TestContext.Current.CancellationToken);
        using (var response = await client.PostAsync(new Uri("/v1/sources/liveperson-conversations", UriKind.Relative), Api.Json(fixed_)))
        {
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
            var result = await response.ReadObjectAsync();
            Assert.Equal(1, (int)result["records"]!);
            Assert.True((int)result["accepted"]! + (int)result["duplicates"]! >= 10);
        }

        var consumer = (string)JsonNode.Parse(fixed_)!["conversationHistoryRecords"]![0]!["consumerParticipant"]![0]!["participantId"]!;
        var profile = await client.GetObjectAsync($"/v1/profiles/lookup?participantId={Uri.EscapeDataString(consumer)}");
        var types = profile["eventCounts"]!.AsObject().Select(p => p.Key).ToHashSet();
        Assert.Contains("ConversationStarted", types);
        Assert.Contains("ChatMessageSent", types);
        Assert.True(types.Intersect(["CustomerInfo", "PersonalInfo", "CartStatus", "Purchase", "ViewedProduct", "SearchContent", "Lead", "ServiceActivity", "VisitorError", "MarketingCampaignInfo"]).Count() >= 3);

        var malformed = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "liveperson-conversation-malformed.json"), TestContext.Current.CancellationToken);
        using var broken = await client.PostAsync(new Uri("/v1/sources/liveperson-conversations", UriKind.Relative), Api.Json(malformed));
        var problem = await broken.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(527, (int)problem["line"]!);
    }

    [Fact]
    public async Task A_malformed_record_gets_400_naming_record_and_field_and_nothing_of_the_request_is_stored()
    {
        using var client = fixture.Host.Client();
        var (good, bad) = (NewPhone(), NewPhone());
        var body = $$$"""
            [{"EventID":"ok-1","EventType":"SENT","EventDateTime":"2026-11-20T10:15:00Z","RecpientPhoneNumber":"{{{good}}}"},
             {"EventID":"bad-1","EventType":"SENT","RecpientPhoneNumber":"{{{bad}}}"},
             {"EventID":"bad-2","EventType":"TELEPORTED","EventDateTime":"2026-11-20T10:15:00Z","RecpientPhoneNumber":"{{{bad}}}"}]
            """;
        using var response = await client.PostAsync(new Uri("/v1/sources/salesforce-message-engagement", UriKind.Relative), Api.Json(body));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray().Select(e => ((int)e!["index"]!, (string)e["field"]!)).ToArray();
        Assert.Contains((1, "EventDateTime"), errors);
        Assert.Contains((2, "EventType"), errors);
        Assert.DoesNotContain(errors, e => e.Item1 == 0);

        using var lookup = await client.GetAsync(new Uri($"/v1/profiles/lookup?phone={Uri.EscapeDataString(good)}", UriKind.Relative));
        await lookup.AssertProblemAsync(HttpStatusCode.NotFound);

        using var unknown = await client.PostAsync(new Uri("/v1/sources/marketo", UriKind.Relative), Api.Json("[]"));
        var notFound = await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("salesforce-message-engagement", (string)notFound["detail"]!, StringComparison.Ordinal);
    }
}
