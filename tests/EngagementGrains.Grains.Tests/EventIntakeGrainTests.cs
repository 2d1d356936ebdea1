using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Abstractions.Individuals;

namespace EngagementGrains.Grains.Tests;

/// <summary>A frontend holding an Orleans client ingests through the intake grain and gets the HTTP API's guarantees.</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventIntakeGrainTests(ClusterFixture fixture)
{
    private static IncomingEvent Event(string id, string? individualId, params (string Type, string Value)[] identities) =>
        new(individualId, new EngagementEvent
        {
            EventId = id,
            Type = "EmailOpened",
            OccurredAt = DateTimeOffset.UtcNow,
            Channel = "email",
            Identities = identities.ToDictionary(i => i.Type, i => i.Value, StringComparer.Ordinal),
        });

    [Fact]
    public async Task Contact_points_find_people_merge_them_keeping_both_events_under_one_id_and_retries_count_nothing_twice()
    {
        var intake = fixture.Grains.GetGrain<IEventIntakeGrain>(0);
        var (a, b) = ($"a-{Guid.NewGuid():N}@example.com", $"b-{Guid.NewGuid():N}@example.com");
        var phone = "+1555" + Random.Shared.Next(1_000_000, 9_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(1, (await intake.IngestAsync([Event("1", null, ("email", a))])).Accepted);
        Assert.Equal(1, (await intake.IngestAsync([Event("1", null, ("email", b), ("phone", phone))])).Accepted);

        var people = await Task.WhenAll(new[] { $"email:{a}", $"email:{b}" }
            .Select(k => fixture.Grains.GetGrain<Abstractions.Identity.IIdentityGrain>(Core.Identity.IdentityKey.GrainKey(k)).GetIndividualAsync()));
        Assert.NotEqual(people[0], people[1]);

        // One event naming A's email and B's phone: the two are one person.
        var join = await intake.IngestAsync([Event("2", null, ("email", a), ("phone", phone))]);
        Assert.Equal(1, join.Accepted);
        var again = await intake.IngestAsync([Event("2", null, ("email", a), ("phone", phone))]);
        Assert.Equal((0, 1), (again.Accepted, again.Duplicates));

        var survivors = await Task.WhenAll(people.Select(o => fixture.Grains.SurvivorOfAsync(o!)));
        Assert.Single(survivors.Distinct());
        var profile = await fixture.Grains.GetGrain<IIndividualGrain>(survivors[0]).GetProfileAsync();
        Assert.Equal(3L, profile!.EventCount);

        // An event addressed to the merged individual's own id reaches the survivor.
        var merged = people.First(o => o != survivors[0])!;
        Assert.Equal(1, (await intake.IngestAsync([Event("3", merged, ("email", $"new-{Guid.NewGuid():N}@example.com"))])).Accepted);
        Assert.Equal(4L, (await fixture.Grains.GetGrain<IIndividualGrain>(survivors[0]).GetProfileAsync())!.EventCount);
    }

    [Fact]
    public async Task A_survivor_whose_process_lost_a_merge_completes_it_from_the_copied_events_on_its_next_activation()
    {
        var intake = fixture.Grains.GetGrain<IEventIntakeGrain>(0);
        var (a, b) = ($"a-{Guid.NewGuid():N}", $"b-{Guid.NewGuid():N}");
        await intake.IngestAsync([Event("1", a, ("email", $"{a}@example.com"))]);
        await intake.IngestAsync([Event("1", b, ("email", $"{b}@example.com"))]);
        await fixture.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        // B surrenders to A (its events copied into A's log, B now a redirect), and A's process dies before
        // A records the merge: A's next activation finds B's events in its log and must finish the job.
        var surrendered = await fixture.Grains.GetGrain<IIndividualGrain>(b).SurrenderAsync(a, [$"email:{a}@example.com"], 0, []);
        Assert.Equal(MergeStatus.Merged, surrendered.Outcome.Status);

        var graph = await fixture.Grains.GetGrain<IIndividualGrain>(a).GetIdentityGraphAsync();
        Assert.Contains(b, graph!.Merged.Select(m => m.IndividualId));
        Assert.Contains($"email:{b}@example.com", graph.Identities);
        Assert.Equal(a, await fixture.Grains.GetGrain<Abstractions.Identity.IIdentityGrain>(Core.Identity.IdentityKey.GrainKey($"email:{b}@example.com")).GetIndividualAsync());
        Assert.Equal(2L, (await fixture.Grains.GetGrain<IIndividualGrain>(a).GetProfileAsync())!.EventCount);
    }
}
