using System.Text.Json;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Profiles;
using FsCheck.Xunit;

namespace EngagementGrains.Core.Tests.Profiles;

public sealed class ProfileFoldingTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ProfileFolding s_folding = new(EventCatalog.Default);

    private static StoredEvent Event(long sequence, string type, int minutes, string attributes = "{}", Dictionary<string, string>? identities = null) =>
        new(sequence, new EngagementEvent
        {
            EventId = "e" + sequence,
            Type = type,
            OccurredAt = s_t0.AddMinutes(minutes),
            Channel = EventCatalog.Default.Find(type)?.Channel ?? "custom",
            AttributesJson = attributes,
            Identities = identities,
        });

    private static IndividualState Fold(IEnumerable<StoredEvent> events)
    {
        var state = new IndividualState();
        foreach (var e in events)
        {
            s_folding.Apply(state, e);
        }

        return state;
    }

    [Fact]
    public void Counts_events_per_type_and_keeps_first_and_last_seen_by_occurredAt()
    {
        var state = Fold([Event(1, "EmailSent", 30), Event(2, "EmailOpened", 10), Event(3, "EmailSent", 20)]);
        Assert.Equal(3, state.EventCount);
        Assert.Equal(2, state.EventCounts["EmailSent"]);
        Assert.Equal(s_t0.AddMinutes(10), state.FirstSeen);
        Assert.Equal(s_t0.AddMinutes(30), state.LastSeen);
        Assert.Equal(3, state.LogPosition);
    }

    [Fact]
    public void Sms_unsubscribe_after_subscribe_wins_even_when_it_arrives_first()
    {
        var state = Fold([Event(1, "Unsubscribe", 20), Event(2, "Subscribe", 10)]);
        Assert.Equal(ConsentStatus.Unsubscribed, state.Consent["sms"].Status);
        Assert.Equal("Unsubscribe", state.Consent["sms"].EventType);
    }

    [Fact]
    public void Email_opt_out_and_explicit_consent_updates_set_the_channel()
    {
        var state = Fold([
            Event(1, "EmailAddressOptedOut", 10),
            Event(2, ProfileFolding.ConsentUpdatedType, 5, """{"channel":"push","status":"subscribed"}"""),
            Event(3, ProfileFolding.ConsentUpdatedType, 6, """{"channel":"push","status":"maybe"}"""),
        ]);
        Assert.Equal(ConsentStatus.Unsubscribed, state.Consent["email"].Status);
        Assert.Equal(ConsentStatus.Subscribed, state.Consent["push"].Status);
    }

    [Fact]
    public void Customer_info_sets_attributes_and_the_newest_value_wins()
    {
        var state = Fold([
            Event(1, "CustomerInfo", 20, """{"customerType":"vip","balance":-400.99}"""),
            Event(2, "CustomerInfo", 10, """{"customerType":"regular","companyBranch":"north"}"""),
            Event(3, "EmailSent", 30, """{"customerType":"ignored"}"""),
        ]);
        Assert.Equal("\"vip\"", state.Attributes["customerType"].Json);
        Assert.Equal("-400.99", state.Attributes["balance"].Json);
        Assert.Equal("\"north\"", state.Attributes["companyBranch"].Json);
    }

    [Fact]
    public void Records_identities_and_conflicts_separately()
    {
        var state = new IndividualState();
        s_folding.Apply(state, new StoredEvent(1, new EngagementEvent
        {
            EventId = "x",
            Type = "EmailSent",
            OccurredAt = s_t0,
            Channel = "email",
            Identities = new Dictionary<string, string> { ["email"] = "a@example.com", ["phone"] = "+15551234567" },
            ConflictingIdentities = ["phone:+15551234567"],
        }));
        Assert.Equal(["email:a@example.com"], state.Identities);
        Assert.Equal("phone:+15551234567", Assert.Single(state.Conflicts).IdentityKey);
    }

    [Fact]
    public void Keeps_the_newest_events_in_memory_newest_first()
    {
        var events = Enumerable.Range(1, 25).Select(i => Event(i, "WebsiteVisited", (i * 7) % 25)).ToArray();
        var state = Fold(events);
        var expected = events.OrderByDescending(e => e.Event.OccurredAt).ThenByDescending(e => e.Sequence)
            .Take(ProfileFolding.RecentCapacity).Select(e => e.Sequence);
        Assert.Equal(expected, state.Recent.Select(e => e.Sequence));
    }

    [Property(MaxTest = 300)]
    public bool Any_arrival_order_gives_the_same_profile(int seed)
    {
        var random = new Random(seed);
        string[] types = ["EmailSent", "EmailOpened", "Subscribe", "Unsubscribe", "CustomerInfo", "PersonalInfo", "EmailAddressOptedOut"];
        var events = Enumerable.Range(1, random.Next(1, 40)).Select(i => Event(
                i,
                types[random.Next(types.Length)],
                random.Next(0, 10_000),
                $$"""{"customerType":"t{{random.Next(3)}}","name":"n{{random.Next(3)}}"}"""))
            .ToArray();
        var inOrder = Fold(events);
        var shuffled = Fold(events.OrderBy(_ => random.Next()));
        return Describe(inOrder) == Describe(shuffled);
    }

    private static string Describe(IndividualState state) => JsonSerializer.Serialize(new
    {
        state.EventCount,
        Counts = state.EventCounts.OrderBy(c => c.Key, StringComparer.Ordinal),
        state.FirstSeen,
        state.LastSeen,
        // Equal timestamps may be set by either event: compare the values that decide, not the tie-breaker.
        Consent = state.Consent.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => (c.Key, c.Value.UpdatedAt)),
        Attributes = state.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => (a.Key, a.Value.UpdatedAt)),
        Recent = state.Recent.Select(r => r.Sequence),
    });
}
