using System.Net;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// The Host killed with SIGKILL in the middle of delivering webhooks: after the restart every change is
/// delivered at least once, with the id and body it had before, and each person's changes in feed order.
/// </summary>
public sealed class DestinationCrashTests
{
    private const int People = 20;

    [Fact]
    public async Task A_kill_during_delivery_loses_no_change_and_keeps_ids_and_order()
    {
        var dataDirectory = HostProcess.NewDataDirectory();
        var environment = ClockedHostFixture.FastDelivery();
        await using var receiver = WebhookReceiver.Start();

        // Each answer takes a while, so the kill lands with deliveries in flight and positions not yet written.
        receiver.Delay = TimeSpan.FromMilliseconds(50);
        var host = await HostProcess.StartAsync(dataDirectory, environment: environment);
        try
        {
            var segment = Api.UniqueName("crash");
            var people = Enumerable.Range(0, People).Select(i => Api.NewId($"crash{i}")).ToArray();
            var t = DateTimeOffset.UtcNow.AddHours(-1);
            using (var admin = host.Client())
            {
                await admin.PutReadyAsync("segments", segment, Webhooks.UnsubscribedDefinition(segment));
                receiver.Secrets = [(string)(await admin.CreateDestinationAsync("crm", $$"""{"url":"{{receiver.Url}}","segments":["{{segment}}"]}"""))["secret"]!];
                foreach (var (enter, step) in new[] { (true, 0), (false, 1), (true, 2) })
                {
                    var events = people.Select(p => Api.Event($"s{step}", enter ? "Unsubscribe" : "Subscribe", p, t.AddMinutes(step), $$"""{"run":"{{segment}}"}"""));
                    using var response = await admin.PostEventsAsync("[" + string.Join(',', events) + "]");
                    Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                }
            }

            await Poll.UntilAsync(() => Task.FromResult(receiver.Acknowledged.Count >= 10 ? "some" : null), TimeSpan.FromSeconds(60), "deliveries to be under way");

            // The kill lands while the receiver holds a change it has received but not yet answered: the engine
            // cannot have written that position, so the change must come again after the restart, as the same id.
            receiver.Delay = TimeSpan.FromSeconds(2);
            var arrived = receiver.Arrivals.Count;
            var held = await Poll.UntilAsync(
                () => Task.FromResult(receiver.Arrivals.Count > arrived ? receiver.Arrivals[arrived] : null), TimeSpan.FromSeconds(30), "a change in flight");
            await host.KillAsync();
            receiver.Delay = TimeSpan.Zero;
            var beforeKill = receiver.Deliveries.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.First().RawBody, StringComparer.Ordinal);
            Assert.True(beforeKill.Count < People * 3, "everything was delivered before the kill; nothing was in flight");

            await host.DisposeAsync();
            host = await HostProcess.StartAsync(dataDirectory, environment: environment);

            // Found again by the silo's keep-alive, without any call naming it.
            var delivered = await Webhooks.AcknowledgedAsync(receiver, segment, people, People * 3, TimeSpan.FromSeconds(120));
            Assert.Equal(People * 3, delivered.Select(d => d.Id).Distinct().Count());
            Webhooks.AssertSignedStableAndOrdered(receiver.Deliveries, segment);
            foreach (var (id, body) in beforeKill)
            {
                Assert.All(receiver.Deliveries.Where(d => d.Id == id), d => Assert.Equal(body, d.RawBody));
            }

            await Poll.UntilAsync(
                () => Task.FromResult(receiver.Deliveries.Count(d => d.Id == held) >= 2 ? "twice" : null), TimeSpan.FromSeconds(30), $"{held} to be delivered again");

            foreach (var person in people)
            {
                Assert.Equal(
                    ["segment.enter", "segment.exit", "segment.enter"],
                    delivered.Where(d => d.IndividualId == person).DistinctBy(d => d.Id).Select(d => d.Type));
            }
        }
        finally
        {
            await host.DisposeAsync();
            HostProcess.DeleteDataDirectory(dataDirectory);
        }
    }
}
