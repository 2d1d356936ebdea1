using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

public sealed class IdentityRulesConfigurationTests
{
    [Fact]
    public async Task An_operator_can_make_a_shared_identifier_type_merge_people()
    {
        // By default a deviceId never merges two individuals; this deployment says its devices are personal.
        await using var host = await HostProcess.StartAsync(environment: new Dictionary<string, string>
        {
            ["Identity__Types__deviceId__Merges"] = "true",
            ["Identity__Types__deviceId__Limit"] = "3",
        });
        using var client = host.Client();
        var (device, email) = (Api.NewId("device"), $"{Guid.NewGuid():N}@example.com");
        var now = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var body in new[]
        {
            $$"""{"eventId":"a","type":"WebsiteVisited","occurredAt":"{{now}}","identities":{"deviceId":"{{device}}"} }""",
            $$"""{"eventId":"b","type":"EmailOpened","occurredAt":"{{now}}","identities":{"email":"{{email}}"} }""",
            $$"""{"eventId":"c","type":"AppEngagement","occurredAt":"{{now}}","identities":{"email":"{{email}}","deviceId":"{{device}}"} }""",
        })
        {
            using var response = await client.PostEventsAsync(body);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var byDevice = await client.GetObjectAsync($"/v1/profiles/lookup?deviceId={device}");
        var byEmail = await client.GetObjectAsync($"/v1/profiles/lookup?email={email}");
        Assert.Equal((string)byDevice["individualId"]!, (string)byEmail["individualId"]!);
        Assert.Equal(3, (int)byDevice["eventCount"]!);
    }
}
