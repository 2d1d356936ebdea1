using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Abstractions.Individuals;

namespace EngagementGrains.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class IndividualGrainTests(ClusterFixture fixture)
{
    private static EngagementEvent Event(string id, string type, DateTimeOffset at) =>
        new() { EventId = id, Type = type, OccurredAt = at, Channel = "x" };

    private static async Task<T> PollAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    [Fact]
    public async Task The_wake_up_schedule_moves_the_individual_out_when_the_window_slides_with_no_event()
    {
        var type = "Probe" + Guid.NewGuid().ToString("N")[..8];
        var segment = "recent_" + type;
        var put = await fixture.Grains.GetGrain<IDefinitionRegistryGrain>(DefinitionKind.Segments)
            .PutAsync(segment, $$$"""{"event":"{{{type}}}","within":"1m","count":{"gte":2}}""");
        Assert.NotNull(put.Stored);

        var individual = fixture.Grains.GetGrain<IIndividualGrain>("ind-" + Guid.NewGuid().ToString("N"));
        var now = DateTimeOffset.UtcNow;
        var leavesAt = now.AddSeconds(3);
        var result = await individual.ApplyAsync([Event("a", type, leavesAt.AddMinutes(-1)), Event("b", type, now), Event("a", type, leavesAt.AddMinutes(-1))]);
        Assert.Equal(new ApplyResult(2, 1), result);
        Assert.Contains(segment, (await individual.GetProfileAsync())!.Segments.Keys);

        // Even when an operator forces every idle grain out (the schedule's shards included).
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await PollAsync(individual.GetProfileAsync, p => !p!.Segments.ContainsKey(segment), "the time-only exit");
        Assert.InRange(DateTimeOffset.UtcNow, leavesAt, leavesAt.AddSeconds(2));
    }

    [Fact]
    public async Task Concurrent_first_contacts_for_one_address_agree_on_one_individual()
    {
        var identity = fixture.Grains.GetGrain<IIdentityGrain>(Core.Identity.IdentityKey.GrainKey($"email:{Guid.NewGuid():N}@example.com"));
        var owners = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => identity.LinkAsync($"ind-candidate-{i}")));
        Assert.Single(owners.Distinct());
        Assert.Equal(owners[0], await identity.GetIndividualAsync());
    }

    [Fact]
    public async Task A_deactivated_individual_comes_back_with_its_profile_and_counts_nothing_twice()
    {
        var id = "ind-" + Guid.NewGuid().ToString("N");
        var individual = fixture.Grains.GetGrain<IIndividualGrain>(id);
        var now = DateTimeOffset.UtcNow;
        await individual.ApplyAsync(Enumerable.Range(0, 30).Select(i => Event($"e{i}", "EmailSent", now.AddMinutes(-i))).ToArray());

        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var again = await individual.ApplyAsync(Enumerable.Range(25, 10).Select(i => Event($"e{i}", "EmailSent", now.AddMinutes(-i))).ToArray());
        Assert.Equal(new ApplyResult(5, 5), again);
        var profile = await individual.GetProfileAsync();
        Assert.Equal(35, profile!.EventCount);
        Assert.Equal(now.AddMinutes(-34), profile.FirstSeen);
    }
}
