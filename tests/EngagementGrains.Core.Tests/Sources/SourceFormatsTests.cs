using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Sources;

namespace EngagementGrains.Core.Tests.Sources;

public sealed class SourceFormatsTests
{
    [Fact]
    public void Lists_the_three_formats_by_route_name()
    {
        Assert.Equal(
            ["salesforce-message-engagement", "dynamics-interactions", "liveperson-conversations"],
            SourceFormats.All.Select(f => f.Name));
        Assert.IsType<LivePersonConversationsFormat>(SourceFormats.Find("liveperson-conversations"));
        Assert.Null(SourceFormats.Find("segment"));
    }

    [Fact]
    public void Every_source_type_maps_to_a_catalog_type()
    {
        Assert.All(SalesforceMessageEngagementFormat.TypeMap.Values, t => Assert.NotNull(EventCatalog.Default.Find(t)));
        var sdes = new LivePersonConversationsFormat(EventCatalog.Default).SdeTypeMap;
        Assert.Equal(
            ["CART_STATUS", "CUSTOMER_INFO", "LEAD", "MARKETING_CAMPAIGN_INFO", "PERSONAL_INFO", "PURCHASE",
             "SEARCH_CONTENT", "SERVICE_ACTIVITY", "VIEWED_PRODUCT", "VISITOR_ERROR"],
            sdes.Keys.Order(StringComparer.Ordinal));
        Assert.All(["ConversationStarted", "ConversationEnded", "ChatMessageSent"], t => Assert.NotNull(EventCatalog.Default.Find(t)));
    }
}
