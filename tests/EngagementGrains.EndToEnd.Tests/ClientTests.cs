using EngagementGrains.Client;
using EngagementGrains.Client.Profiles;
using EngagementGrains.Client.Tracking;
using EngagementGrains.EndToEnd.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// A frontend's own process (this one) reaches a cluster of real processes through the client library:
/// the events it tracks are applied, its reads see them, and what the HTTP API refuses it refuses too.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClientTests(ClusterFixture fixture)
{
    [Fact]
    public async Task A_frontend_tracks_events_reads_the_profile_and_membership_and_is_refused_a_bad_event()
    {
        await using var cluster = await LocalCluster.StartAsync(fixture.Server, silos: 1);
        using var admin = cluster.Client();
        var segment = Api.UniqueName("clickers");
        await admin.PutReadyAsync("segments", segment, """{"event":"EmailClicked","within":"30d"}""");

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddEngagementGrainsClient(c => (c.PostgresConnectionString, c.ClusterId) = (cluster.ConnectionString, cluster.ClusterId));
        using var frontend = builder.Build();
        await frontend.StartAsync(TestContext.Current.CancellationToken);
        try
        {
            var client = frontend.Services.GetRequiredService<IEngagementClient>();
            var email = $"{Guid.NewGuid():N}@example.com";
            var at = DateTimeOffset.UtcNow.AddMinutes(-10);
            TrackedEvent[] events =
            [
                new() { EventId = "c-1", Type = "EmailOpened", OccurredAt = at, Identities = new Dictionary<string, string> { ["email"] = email } },
                new()
                {
                    EventId = "c-2", Type = "EmailClicked", OccurredAt = at.AddMinutes(1), Identities = new Dictionary<string, string> { ["email"] = email.ToUpperInvariant() },
                    Attributes = new Dictionary<string, object?> { ["linkUrl"] = "https://shop.example/product/1" },
                },
            ];

            Assert.Equal(new TrackResult(2, 0, 0), await client.TrackAsync(events));
            Assert.Equal(new TrackResult(0, 2, 0), await client.TrackAsync(events));

            var byEmail = await client.GetProfileAsync(new ContactPoint("email", email.ToUpperInvariant()));
            Assert.NotNull(byEmail);
            Assert.Equal(2, byEmail.EventCount);
            Assert.Equal(byEmail.IndividualId, (await client.GetProfileAsync(byEmail.IndividualId))?.IndividualId);
            Assert.True(await client.IsMemberAsync(segment, new ContactPoint("email", email)));
            Assert.True(await client.IsMemberAsync(segment, byEmail.IndividualId));
            Assert.False(await client.IsMemberAsync(segment, new ContactPoint("email", $"{Guid.NewGuid():N}@example.com")));

            // One bad event refuses the batch as POST /v1/events would, the field named, and stores nothing.
            var stranger = $"{Guid.NewGuid():N}@example.com";
            var refused = await Assert.ThrowsAsync<EventsRejectedException>(() => client.TrackAsync(
            [
                new() { EventId = "c-3", Type = "EmailClicked", OccurredAt = at, Identities = new Dictionary<string, string> { ["email"] = stranger } },
                new() { EventId = "c-4", Type = "EmailClicked", OccurredAt = at, Identities = new Dictionary<string, string> { ["email"] = "not-an-address" } },
            ]));
            var error = Assert.Single(refused.Errors);
            Assert.Equal((1, "identities.email"), (error.Index, error.Field));
            Assert.Null(await client.GetProfileAsync(new ContactPoint("email", stranger)));
            Assert.Equal(2, (await client.GetProfileAsync(byEmail.IndividualId))?.EventCount);
        }
        finally
        {
            await frontend.StopAsync(CancellationToken.None);
        }
    }
}
