using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

[Collection(HostCollection.Name)]
public sealed class CatalogApiTests(HostFixture fixture)
{
    [Fact]
    public async Task Serves_every_seed_family_with_channels_and_typed_fields()
    {
        using var client = fixture.Host.Client();
        var catalog = await client.GetObjectAsync("/v1/catalog");
        var types = catalog["types"]!.AsArray().ToDictionary(t => (string)t!["name"]!, t => t!);

        Assert.Equal("email", (string)types["EmailOpened"]["channel"]!);
        Assert.Equal("journeys", (string)types["EmailOpened"]["family"]!);
        Assert.Equal("messageEngagement", (string)types["Unsubscribe"]["family"]!);
        Assert.Equal("unsubscribed", (string)types["Unsubscribe"]["consent"]!["status"]!);
        Assert.Equal("data360", (string)types["OrderPlaced"]["family"]!);
        Assert.Equal("double", (string)types["Purchase"]["fields"]!["total"]!);
        Assert.Equal("liveperson", (string)types["Purchase"]["family"]!);
        Assert.True((bool)types["CustomerInfo"]["setsAttributes"]!);
        Assert.Contains("sms", catalog["channels"]!.AsArray().Select(c => (string)c!));
    }
}
