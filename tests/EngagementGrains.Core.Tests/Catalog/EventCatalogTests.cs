using System.Text.RegularExpressions;
using EngagementGrains.Core.Catalog;

namespace EngagementGrains.Core.Tests.Catalog;

public sealed partial class EventCatalogTests
{
    private static readonly EventCatalog s_catalog = EventCatalog.Default;

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9_.:-]{0,127}$")]
    private static partial Regex TypeName();

    [Fact]
    public void Every_type_is_well_formed_and_its_channel_is_listed()
    {
        Assert.All(s_catalog.Types, t =>
        {
            Assert.Matches(TypeName(), t.Name);
            Assert.Contains(t.Channel, s_catalog.Channels);
            Assert.Contains(t.Family, new[] { "journeys", "messageEngagement", "data360", "liveperson", "engagementgrains" });
        });
    }

    [Fact]
    public void Holds_every_Customer_Insights_Journeys_interaction()
    {
        Assert.Equal(145, s_catalog.Types.Count(t => t.Family == "journeys"));
        foreach (var name in new[]
        {
            "ActionEventDropoff", "ActivityContactBlockedConsent", "BotSmsLinkClicked", "CustomerVoiceSuveyResponseSubmitted",
            "EmailBlockedFrequencyCapReached", "EmailClicked", "EmailDelivered", "EmailHardBounced", "EmailOpened", "EmailSent",
            "EventCheckIn", "EventRegistration", "FormSubmitted", "FormVisited", "JourneyEventCompleted", "PushNotificationOpened",
            "PushNotificationSent", "SmsDelivered", "SmsLinkClicked", "SmsSent", "VoiceCallSent", "WebsiteClicked", "WebsiteVisited",
        })
        {
            Assert.Equal("journeys", s_catalog.Find(name)?.Family);
        }

        Assert.Equal("email", s_catalog.Find("EmailOpened")!.Channel);
        Assert.Equal("push", s_catalog.Find("PushNotificationNotSent")!.Channel);
        Assert.Equal("events", s_catalog.Find("EventCheckIn")!.Channel);
    }

    [Fact]
    public void Holds_the_MessageEngagement_event_types_with_their_own_fields()
    {
        foreach (var (name, source) in new[] { ("Subscribe", "SUBSCRIBE"), ("Unsubscribe", "UNSUBSCRIBE"), ("Confirmation", "CONFIRMATION"), ("Help", "HELP"), ("Undelivered", "UNDELIVERED"), ("NotSent", "NOT_SENT"), ("SmsSent", "SENT"), ("SmsLinkClicked", "CLICK") })
        {
            var type = s_catalog.Find(name)!;
            Assert.Equal("sms", type.Channel);
            Assert.Contains(source, type.SourceNames);
        }

        Assert.Equal(new ConsentRule("sms", "unsubscribed"), s_catalog.Find("Unsubscribe")!.Consent);
        Assert.Equal(new ConsentRule("sms", "subscribed"), s_catalog.Find("Subscribe")!.Consent);
        Assert.Contains("unsubscribeReason", s_catalog.Find("Unsubscribe")!.Fields.Keys);
        Assert.Contains("deliveryErrorCode", s_catalog.Find("Undelivered")!.Fields.Keys);
        Assert.Contains("resolvedUrl", s_catalog.Find("SmsLinkClicked")!.Fields.Keys);
    }

    [Fact]
    public void Holds_the_Data_360_engagement_objects()
    {
        foreach (var name in new[] { "ProductViewed", "ProductSearched", "CartUpdated", "OrderPlaced", "WebSearch", "AppEngagement" })
        {
            Assert.Equal("data360", s_catalog.Find(name)?.Family);
        }

        Assert.Equal(FieldType.Double, s_catalog.Find("OrderPlaced")!.Fields["total"]);
        Assert.Contains("Email Engagement", s_catalog.Find("EmailSent")!.SourceNames);
        Assert.Contains("Website Engagement", s_catalog.Find("WebsiteVisited")!.SourceNames);
    }

    [Fact]
    public void Holds_the_LivePerson_engagement_attributes_with_their_v2_types()
    {
        foreach (var (name, sde) in new[]
        {
            ("CustomerInfo", "CUSTOMER_INFO"), ("PersonalInfo", "PERSONAL_INFO"), ("CartStatus", "CART_STATUS"), ("Purchase", "PURCHASE"),
            ("MarketingCampaignInfo", "MARKETING_CAMPAIGN_INFO"), ("SearchContent", "SEARCH_CONTENT"), ("ViewedProduct", "VIEWED_PRODUCT"),
            ("VisitorError", "VISITOR_ERROR"), ("Lead", "LEAD"), ("ServiceActivity", "SERVICE_ACTIVITY"),
        })
        {
            var type = s_catalog.Find(name)!;
            Assert.Equal("liveperson", type.Family);
            Assert.Contains(sde, type.SourceNames);
            Assert.Equal(FieldType.Long, type.Fields["originalTimeStamp"]);
        }

        Assert.Equal(FieldType.Double, s_catalog.Find("CustomerInfo")!.Fields["balance"]);
        Assert.Equal(FieldType.Int, s_catalog.Find("CustomerInfo")!.Fields["companySize"]);
        Assert.Equal(FieldType.Int, s_catalog.Find("CartStatus")!.Fields["numItems"]);
        Assert.Equal(FieldType.Bool, s_catalog.Find("VisitorError")!.Fields["resolved"]);
        Assert.Equal(FieldType.Array, s_catalog.Find("SearchContent")!.Fields["keywords"]);
        Assert.True(s_catalog.Find("CustomerInfo")!.SetsAttributes);
        Assert.True(s_catalog.Find("PersonalInfo")!.SetsAttributes);
        Assert.Equal("customerId", s_catalog.Find("CustomerInfo")!.IdentityFields["customerId"]);
    }
}
