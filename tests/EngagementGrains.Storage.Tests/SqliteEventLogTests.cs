using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Storage.EventLog;

namespace EngagementGrains.Storage.Tests;

public sealed class SqliteEventLogTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static EngagementEvent Event(string id, int minutes, string type = "EmailSent") => new()
    {
        EventId = id,
        Type = type,
        OccurredAt = s_t0.AddMinutes(minutes),
        Channel = "email",
        Identities = new Dictionary<string, string> { ["email"] = "a@example.com" },
        AttributesJson = """{"campaignId":"c-1","n":1.5}""",
        ConflictingIdentities = ["phone:+15550000000"],
    };

    [Fact]
    public async Task Appends_and_reads_back_every_field()
    {
        await using var db = new TemporaryDatabase();
        var log = new SqliteEventLog(db.Database);
        var sequences = await log.AppendAsync("ind-1", [Event("a", 1), Event("b", 2)]);
        Assert.All(sequences, s => Assert.NotNull(s));

        var stored = await log.ReadAfterAsync("ind-1", 0, TestContext.Current.CancellationToken);
        Assert.Equal(["a", "b"], stored.Select(s => s.Event.EventId));
        Assert.Equivalent(Event("a", 1), stored[0].Event);
    }

    [Fact]
    public async Task The_schedule_names_the_next_instant_a_shard_falls_due_after_a_given_one()
    {
        await using var db = new TemporaryDatabase();
        var log = new SqliteEventLog(db.Database);
        var schedule = new EngagementGrains.Storage.Wakeups.SqliteWakeupSchedule(db.Database);
        await log.AppendAsync("ind-1", [Event("a", 1)], s_t0.AddMinutes(30));
        await schedule.SetAsync("ind-1", s_t0.AddMinutes(20));
        var shard = schedule.ShardOf("ind-1");

        // The wake-up shards time their next pass to this instant; what is already due is not "next".
        Assert.Equal(s_t0.AddMinutes(20), await schedule.NextDueAfterAsync(shard, s_t0, TestContext.Current.CancellationToken));
        Assert.Null(await schedule.NextDueAfterAsync(shard, s_t0.AddMinutes(20), TestContext.Current.CancellationToken));
        Assert.Null(await schedule.NextDueAfterAsync((shard + 1) % schedule.ShardCount, s_t0, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_repeated_eventId_is_stored_once_per_individual_even_within_one_batch()
    {
        await using var db = new TemporaryDatabase();
        var log = new SqliteEventLog(db.Database);
        var first = await log.AppendAsync("ind-1", [Event("a", 1), Event("a", 1)]);
        var again = await log.AppendAsync("ind-1", [Event("a", 1), Event("c", 3)]);
        var other = await log.AppendAsync("ind-2", [Event("a", 1)]);

        Assert.NotNull(first[0]);
        Assert.Null(first[1]);
        Assert.Null(again[0]);
        Assert.NotNull(again[1]);
        Assert.NotNull(other[0]);
        Assert.Equal(2, (await log.ReadAfterAsync("ind-1", 0, TestContext.Current.CancellationToken)).Count);
    }

    [Fact]
    public async Task Committed_events_survive_a_reopen_and_replay_starts_after_a_position()
    {
        await using var db = new TemporaryDatabase();
        var sequences = await new SqliteEventLog(db.Database).AppendAsync("ind-1", [Event("a", 1), Event("b", 2), Event("c", 3)]);
        await db.ReopenAsync();

        var log = new SqliteEventLog(db.Database);
        var after = await log.ReadAfterAsync("ind-1", sequences[0]!.Value, TestContext.Current.CancellationToken);
        Assert.Equal(["b", "c"], after.Select(s => s.Event.EventId));
        Assert.Null((await log.AppendAsync("ind-1", [Event("b", 2)]))[0]);
    }

    [Fact]
    public async Task Concurrent_appends_from_many_individuals_are_group_committed_and_all_durable()
    {
        await using var db = new TemporaryDatabase();
        var log = new SqliteEventLog(db.Database);
        var appends = Enumerable.Range(0, 200).Select(i =>
            log.AppendAsync($"ind-{i}", Enumerable.Range(0, 10).Select(j => Event($"e{j}", j)).ToArray()));
        var results = await Task.WhenAll(appends);
        Assert.All(results.SelectMany(r => r), s => Assert.NotNull(s));

        await db.ReopenAsync();
        var reopened = new SqliteEventLog(db.Database);
        foreach (var i in new[] { 0, 99, 199 })
        {
            Assert.Equal(10, (await reopened.ReadAfterAsync($"ind-{i}", 0, TestContext.Current.CancellationToken)).Count);
        }
    }

    [Fact]
    public async Task Timeline_pages_newest_first_with_filters_and_a_stable_cursor()
    {
        await using var db = new TemporaryDatabase();
        var log = new SqliteEventLog(db.Database);
        // Arrival order differs from occurredAt order on purpose: late events must land in place.
        await log.AppendAsync("ind-1", [Event("m5", 5), Event("m1", 1, "EmailOpened"), Event("m9", 9), Event("m3", 3, "EmailOpened"), Event("m7", 7)]);

        var page1 = await log.ReadTimelineAsync("ind-1", new TimelineQuery { Limit = 2 }, TestContext.Current.CancellationToken);
        Assert.Equal(["m9", "m7"], page1.Events.Select(e => e.Event.EventId));
        var page2 = await log.ReadTimelineAsync("ind-1", new TimelineQuery { Limit = 2, After = page1.Next }, TestContext.Current.CancellationToken);
        Assert.Equal(["m5", "m3"], page2.Events.Select(e => e.Event.EventId));
        var page3 = await log.ReadTimelineAsync("ind-1", new TimelineQuery { Limit = 2, After = page2.Next }, TestContext.Current.CancellationToken);
        Assert.Equal(["m1"], page3.Events.Select(e => e.Event.EventId));
        Assert.Null(page3.Next);

        var opened = await log.ReadTimelineAsync("ind-1", new TimelineQuery { Types = ["EmailOpened"] }, TestContext.Current.CancellationToken);
        Assert.Equal(["m3", "m1"], opened.Events.Select(e => e.Event.EventId));
        var window = await log.ReadTimelineAsync("ind-1", new TimelineQuery { From = s_t0.AddMinutes(3), To = s_t0.AddMinutes(7) }, TestContext.Current.CancellationToken);
        Assert.Equal(["m5", "m3"], window.Events.Select(e => e.Event.EventId));
    }
}
