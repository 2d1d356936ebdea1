using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Identity;

namespace EngagementGrains.Core.Tests.Identity;

public sealed class SplitPlanTests
{
    private static readonly DateTimeOffset s_at = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static StoredEvent Stored(long sequence, Dictionary<string, string>? identities, string origin = "", IReadOnlyList<string>? refused = null) => new(
        sequence,
        new EngagementEvent
        {
            EventId = $"e{sequence}",
            Type = "EmailOpened",
            OccurredAt = s_at.AddMinutes(sequence),
            Channel = "email",
            Identities = identities,
            ConflictingIdentities = refused,
        },
        origin);

    private static readonly HashSet<string> s_kid = new(StringComparer.Ordinal) { "email:kid@example.com" };

    [Fact]
    public void An_event_goes_with_its_most_identifying_contact_point()
    {
        var history = new[]
        {
            Stored(1, new() { ["email"] = "kid@example.com" }),
            Stored(2, new() { ["userId"] = "u-1", ["email"] = "kid@example.com" }),
            Stored(3, new() { ["email"] = "kid@example.com", ["anonymousId"] = "a-9" }),
            Stored(4, new() { ["phone"] = "+15550100" }),
        };

        var plan = SplitPlan.Of(history, s_kid, []);

        Assert.Equal([1L, 3L], plan.Away.Select(e => e.Sequence));
        Assert.Equal([2L, 4L], plan.Stay.Select(e => e.Sequence));
    }

    [Fact]
    public void A_contact_point_refused_on_the_event_does_not_decide()
    {
        var history = new[] { Stored(1, new() { ["userId"] = "u-2", ["email"] = "kid@example.com" }, refused: ["userId:u-2"]) };

        Assert.Single(SplitPlan.Of(history, s_kid, []).Away);
    }

    [Fact]
    public void Events_sent_to_an_id_follow_the_individual_they_were_acknowledged_for()
    {
        var history = new[]
        {
            Stored(1, new() { ["email"] = "kid@example.com" }, origin: "ind-b"),
            Stored(2, new() { ["email"] = "kid@example.com" }, origin: "ind-b"),
            Stored(3, new() { ["email"] = "mom@example.com" }, origin: "ind-b"),
            Stored(4, null, origin: "ind-b"),
            Stored(5, null, origin: "ind-c"),
            Stored(6, null),
        };

        var plan = SplitPlan.Of(history, s_kid, ["ind-b", "ind-c"]);

        Assert.Equal(["ind-b"], plan.AwayAbsorbed);
        Assert.Equal([1L, 2L, 4L], plan.Away.Select(e => e.Sequence));
        Assert.Equal([3L, 5L, 6L], plan.Stay.Select(e => e.Sequence));
    }

    [Fact]
    public void A_completion_after_a_crash_keeps_the_decision_made_on_the_whole_log()
    {
        // The first attempt already removed the events that made ind-b leave; only its id-addressed event is left.
        var thinned = new[] { Stored(3, new() { ["email"] = "mom@example.com" }, origin: "ind-b"), Stored(4, null, origin: "ind-b") };

        Assert.Empty(SplitPlan.Of(thinned, s_kid, ["ind-b"]).AwayAbsorbed);
        var plan = SplitPlan.Of(thinned, s_kid, ["ind-b"], awayAbsorbed: ["ind-b"]);
        Assert.Equal(["ind-b"], plan.AwayAbsorbed);
        Assert.Equal([4L], plan.Away.Select(e => e.Sequence));
    }
}
