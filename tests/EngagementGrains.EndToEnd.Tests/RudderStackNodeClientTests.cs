using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>RudderStack's Node.js SDK as it ships: its default settings gzip every batch and label it a form.</summary>
[Collection(HostCollection.Name)]
public sealed class RudderStackNodeClientTests(HostFixture fixture)
{
    [Fact]
    public async Task RudderStacks_node_sdk_at_its_defaults_delivers_every_call_type_and_500_events()
    {
        using var admin = fixture.Host.Client();
        var writeKey = await IdentityMergeTests.CreateKeyAsync(admin, "ingest");
        var userId = Api.NewId("user");

        string output;
        try
        {
            output = await NodeScript.RunAsync("rudderstack-client", "@rudderstack/rudder-sdk-node", "send.mjs",
                fixture.Host.BaseAddress.ToString().TrimEnd('/'), writeKey, userId);
        }
        catch (InvalidOperationException error)
        {
            // What the server said about any 500 it answered: a client's request is never one.
            throw new InvalidOperationException(error.Message + Environment.NewLine + "the host's errors:" + Environment.NewLine +
                string.Join(Environment.NewLine, fixture.Host.Lines.Where(l => l.Contains("fail", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal)).TakeLast(40)), error);
        }

        Assert.Contains("delivered 505 calls", output, StringComparison.Ordinal);

        var profile = await admin.GetObjectAsync($"/v1/profiles/lookup?userId={userId}");
        var counts = profile["eventCounts"]!.AsObject().ToDictionary(p => p.Key, p => (int)p.Value!);
        Assert.Equal(new Dictionary<string, int>
        {
            ["AttributesUpdated"] = 1,
            ["EmailOpened"] = 500,
            ["GroupIdentified"] = 1,
            ["IdentityAliased"] = 1,
            ["OrderPlaced"] = 1,
            ["WebsiteVisited"] = 1,
        }, counts);
        Assert.Equal("Rudy", (string)profile["attributes"]!["firstName"]!);
        Assert.Equal("team", (string)profile["attributes"]!["plan"]!);
        Assert.Equal($"{userId}@example.com", (string)profile["identities"]!["email"]![0]!);
        Assert.Equal(new[] { $"anon-{userId}", $"legacy-{userId}" }, profile["identities"]!["anonymousId"]!.AsArray().Select(v => (string)v!).Order());

        var individualId = (string)profile["individualId"]!;
        var timeline = await admin.GetObjectAsync($"/v1/profiles/{individualId}/timeline?types=OrderPlaced,WebsiteVisited,GroupIdentified");
        var events = timeline["events"]!.AsArray().ToDictionary(e => (string)e!["type"]!, e => e!);
        Assert.Equal(42.5, (double)events["OrderPlaced"]["attributes"]!["total"]!);
        Assert.Equal("analytics-node", (string)events["OrderPlaced"]["attributes"]!["context"]!["library"]!["name"]!);
        Assert.Equal("https://shop.example/pricing", (string)events["WebsiteVisited"]["attributes"]!["pageUrl"]!);
        Assert.Equal("acme", (string)events["GroupIdentified"]["attributes"]!["groupId"]!);
    }
}
