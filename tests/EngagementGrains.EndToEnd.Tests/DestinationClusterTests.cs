using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// Webhooks from a cluster of silos on PostgreSQL: a silo killed with SIGKILL mid-delivery, wherever the
/// destination lived; the survivors' keep-alive brings it back and every change arrives, ids and order kept.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DestinationClusterTests(ClusterFixture fixture)
{
    private const int People = 15;

    [Fact]
    public async Task A_silo_killed_mid_delivery_loses_no_change_and_keeps_ids_and_order()
    {
        await using var receiver = WebhookReceiver.Start();
        receiver.Delay = TimeSpan.FromMilliseconds(50);
        await using var cluster = await LocalCluster.StartAsync(fixture.Server, silos: 2, environment: ClockedHostFixture.FastDelivery());
        using var admin = cluster.Client();
        admin.Timeout = TimeSpan.FromSeconds(30);
        var segment = Api.UniqueName("cluster");
        var people = Enumerable.Range(0, People).Select(i => Api.NewId($"cl{i}")).ToArray();
        await admin.PutReadyAsync("segments", segment, Webhooks.UnsubscribedDefinition(segment));
        receiver.Secrets = [(string)(await admin.CreateDestinationAsync("crm", $$"""{"url":"{{receiver.Url}}","segments":["{{segment}}"]}"""))["secret"]!];

        var t = DateTimeOffset.UtcNow.AddHours(-1);
        foreach (var (enter, step) in new[] { (true, 0), (false, 1), (true, 2) })
        {
            var events = people.Select(p => Api.Event($"s{step}", enter ? "Unsubscribe" : "Subscribe", p, t.AddMinutes(step), $$"""{"run":"{{segment}}"}"""));
            using var response = await admin.PostEventsAsync("[" + string.Join(',', events) + "]");
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await Poll.UntilAsync(() => Task.FromResult(receiver.Acknowledged.Count >= 5 ? "some" : null), TimeSpan.FromSeconds(60), "deliveries to be under way");
        await cluster.KillSiloAsync(0);
        Assert.True(receiver.Acknowledged.Count < People * 3, "everything was delivered before the kill; nothing was in flight");

        var delivered = await Webhooks.AcknowledgedAsync(receiver, segment, people, People * 3, TimeSpan.FromSeconds(120));
        Assert.Equal(People * 3, delivered.Select(d => d.Id).Distinct().Count());
        Webhooks.AssertSignedStableAndOrdered(receiver.Deliveries, segment);
        foreach (var person in people)
        {
            Assert.Equal(
                ["segment.enter", "segment.exit", "segment.enter"],
                delivered.Where(d => d.IndividualId == person).DistinctBy(d => d.Id).Select(d => d.Type));
        }

        var destination = await admin.GetObjectAsync("/v1/destinations/crm");
        Assert.Equal("active", (string)destination["status"]!);

        // Names that read as hexadecimal numbers differ by case only: still two destinations in PostgreSQL.
        await admin.CreateDestinationAsync("face", """{"url":"http://127.0.0.1:9/lower","enabled":false}""");
        await admin.CreateDestinationAsync("FACE", """{"url":"http://127.0.0.1:9/upper","enabled":false}""");
        Assert.Equal("http://127.0.0.1:9/lower", (string)(await admin.GetObjectAsync("/v1/destinations/face"))["url"]!);
        Assert.Equal("http://127.0.0.1:9/upper", (string)(await admin.GetObjectAsync("/v1/destinations/FACE"))["url"]!);
    }
}
