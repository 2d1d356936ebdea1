using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Core.Segments;
using EngagementGrains.Storage.Postgres;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace EngagementGrains.Storage.Tests;

[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreTests(PostgresFixture fixture)
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static EngagementEvent Event(string id, string type = "EmailOpened", int minutes = 0) => new()
    {
        EventId = id,
        Type = type,
        OccurredAt = s_t0.AddMinutes(minutes),
        Channel = "email",
        AttributesJson = """{"campaignId":"c-1"}""",
    };

    [Fact]
    public async Task An_event_is_stored_once_per_individual_whatever_the_retries_and_comes_back_whole()
    {
        await using var database = await fixture.NewDatabaseAsync();
        var schedule = new PostgresWakeupSchedule(database);
        await using var writer = new PostgresAppendWriter(database, schedule, writers: 2);
        var log = new PostgresEventLog(database, writer);

        var first = await log.AppendAsync("ind-1", [Event("a"), Event("b", minutes: 5), Event("a")], s_t0.AddDays(30));
        Assert.NotNull(first[0]);
        Assert.NotNull(first[1]);
        Assert.Null(first[2]);
        var retry = await log.AppendAsync("ind-1", [Event("b", minutes: 5), Event("c", "EmailClicked", 10)]);
        Assert.Null(retry[0]);
        Assert.True(retry[1] > first[1]);
        await log.AppendAsync("ind-2", [Event("a")]);

        var all = await log.ReadAfterAsync("ind-1", 0);
        Assert.Equal(["a", "b", "c"], all.Select(e => e.Event.EventId));
        Assert.Equal("""{"campaignId":"c-1"}""", all[0].Event.AttributesJson);
        Assert.Equal(s_t0.AddMinutes(5), all[1].Event.OccurredAt);
        Assert.Equal(["c"], (await log.ReadAfterAsync("ind-1", all[1].Sequence)).Select(e => e.Event.EventId));
        Assert.Equal(4, await log.CountEventsAsync());
        Assert.Equal(2, await log.CountIndividualsAsync());
        Assert.Equal(["ind-2"], await log.ListIndividualsAsync("ind-1", 10));
        Assert.Equal(["ind-1"], await schedule.DueAsync(schedule.ShardOf("ind-1"), s_t0.AddDays(31), 10));
        Assert.Equal(s_t0.AddDays(30), await schedule.NextDueAfterAsync(schedule.ShardOf("ind-1"), s_t0));
        Assert.Null(await schedule.NextDueAfterAsync(schedule.ShardOf("ind-1"), s_t0.AddDays(30)));

        var page = await log.ReadTimelineAsync("ind-1", new TimelineQuery { Limit = 2 });
        Assert.Equal(["c", "b"], page.Events.Select(e => e.Event.EventId));
        var rest = await log.ReadTimelineAsync("ind-1", new TimelineQuery { Limit = 2, After = page.Next });
        Assert.Equal(["a"], rest.Events.Select(e => e.Event.EventId));
        var clicks = await log.ReadTimelineAsync("ind-1", new TimelineQuery { Limit = 10, Types = ["EmailClicked"], From = s_t0 });
        Assert.Equal(["c"], clicks.Events.Select(e => e.Event.EventId));

        Assert.Equal(3, await log.DeleteIndividualAsync("ind-1"));
        Assert.Empty(await log.ReadAfterAsync("ind-1", 0));
        Assert.Empty(await schedule.DueAsync(schedule.ShardOf("ind-1"), s_t0.AddDays(31), 10));
    }

    [Fact]
    public async Task An_append_answers_the_count_its_commit_left_including_rows_another_copy_added_first()
    {
        await using var database = await fixture.NewDatabaseAsync();
        await using var writer = new PostgresAppendWriter(database, new PostgresWakeupSchedule(database), writers: 2);
        var log = new PostgresEventLog(database, writer);

        var first = await log.AppendCountedAsync("ind-1", [Event("a"), Event("b"), Event("a")]);
        Assert.Equal(2, first.Count);

        // Another copy of the individual (another silo's, a moment ago) appended: this copy's next append sees it.
        await log.CopyAsync("ind-1", "ind-9", [new StoredEvent(1, Event("z"))]);
        var next = await log.AppendCountedAsync("ind-1", [Event("c")]);
        Assert.Equal(4, next.Count);
        Assert.Equal(await log.CountAsync("ind-1"), next.Count);

        // Nothing new stored, nothing counted: the caller has nothing to check.
        var repeat = await log.AppendCountedAsync("ind-1", [Event("c")]);
        Assert.Equal([null], repeat.Sequences);
        Assert.Null(repeat.Count);
    }

    [Fact]
    public async Task Each_individuals_event_count_is_kept_with_its_rows_through_appends_copies_deletes_and_erasure()
    {
        await using var database = await fixture.NewDatabaseAsync();
        await using var writer = new PostgresAppendWriter(database, new PostgresWakeupSchedule(database), writers: 2);
        var log = new PostgresEventLog(database, writer);
        async Task AssertCountedAsync(string individualId)
        {
            Assert.Equal(await log.CountUpToAsync(individualId, long.MaxValue), await log.CountAsync(individualId));
        }

        // Appends from concurrent callers, repeats among them, in one group commit or several.
        await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            log.AppendAsync($"ind-{i % 4}", [Event($"e{i % 7}"), Event($"f{i}"), Event($"e{i % 7}")])));
        for (var i = 0; i < 4; i++)
        {
            await AssertCountedAsync($"ind-{i}");
        }

        Assert.Equal(10, await log.CountAsync("ind-0"));

        // A merge's copy, repeated (a retry inserts nothing), then a split's delete of some of them.
        var moved = await log.ReadAfterAsync("ind-1", 0);
        await log.CopyAsync("ind-0", "ind-1", moved);
        await log.CopyAsync("ind-0", "ind-1", moved);
        Assert.Equal(10 + moved.Count, await log.CountAsync("ind-0"));
        var copies = (await log.ReadAfterAsync("ind-0", 0)).Where(e => e.Origin == "ind-1").Select(e => e.Sequence).Take(3).ToArray();
        Assert.Equal(3, await log.DeleteEventsAsync("ind-0", copies));
        await AssertCountedAsync("ind-0");
        Assert.Equal(7 + moved.Count, await log.CountAsync("ind-0"));

        // An erasure leaves no counter behind; the individual starts from nothing if it comes back.
        await log.DeleteIndividualAsync("ind-2");
        Assert.Equal(0, await log.CountAsync("ind-2"));
        await log.AppendAsync("ind-2", [Event("again")]);
        Assert.Equal(1, await log.CountAsync("ind-2"));
    }

    public sealed record class Sample
    {
        public string Name { get; set; } = "";
    }

    [Fact]
    public async Task A_stale_activation_cannot_overwrite_newer_state()
    {
        await using var database = await fixture.NewDatabaseAsync();
        var storage = new PostgresGrainStorage(database);
        var grain = GrainId.Create("individual", "ind-1");
        var first = new GrainState<Sample>(new Sample { Name = "v1" });
        await storage.WriteStateAsync("individual", grain, first);

        // Two activations read the same version; the first to write wins, the other is fenced off.
        var a = new GrainState<Sample>();
        var b = new GrainState<Sample>();
        await storage.ReadStateAsync("individual", grain, a);
        await storage.ReadStateAsync("individual", grain, b);
        a.State!.Name = "from a";
        await storage.WriteStateAsync("individual", grain, a);
        b.State!.Name = "from stale b";
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("individual", grain, b));

        // A second "first write" is fenced too.
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("individual", grain, new GrainState<Sample>(new Sample { Name = "new" })));

        var read = new GrainState<Sample>();
        await storage.ReadStateAsync("individual", grain, read);
        Assert.Equal("from a", read.State!.Name);
        await storage.ClearStateAsync("individual", grain, read);
        var cleared = new GrainState<Sample>();
        await storage.ReadStateAsync("individual", grain, cleared);
        Assert.False(cleared.RecordExists);
    }

    [Fact]
    public async Task The_change_feed_records_real_changes_in_commit_order_and_erasure_leaves_one_exit()
    {
        await using var database = await fixture.NewDatabaseAsync();
        await using var store = new PostgresMembershipStore(database, new SegmentFeedSignal());
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            store.ApplyAsync($"ind-{i:D2}", [new MembershipChange("vip", true, s_t0.AddMinutes(i))])));
        await store.ApplyAsync("ind-00", [new MembershipChange("vip", true, s_t0)]);
        await store.ApplyAsync("ind-01", [new MembershipChange("vip", false, s_t0.AddHours(1))]);
        await store.ApplyAsync("ind-02", [new MembershipChange("other", true, s_t0)]);

        Assert.Equal(39, await store.CountAsync("vip"));
        var feed = await store.ChangesAsync("vip", 0, 100);
        Assert.Equal(41, feed.Count);
        Assert.Equal(feed.Select(c => c.Sequence).Order(), feed.Select(c => c.Sequence));
        Assert.False(feed[^1].Entered);
        Assert.Equal(["ind-03", "ind-04"], (await store.ListAsync("vip", "ind-02", 2)).Select(m => m.IndividualId));
        Assert.Equal(s_t0.AddMinutes(5), (await store.FindAsync("vip", "ind-05"))!.Since);

        Assert.Equal(2, await store.ForgetAsync("ind-02", s_t0.AddDays(1)));
        Assert.Null(await store.FindAsync("vip", "ind-02"));
        var left = (await store.ChangesAsync("vip", 0, 100)).Where(c => c.IndividualId == "ind-02").ToArray();
        Assert.False(Assert.Single(left).Entered);

        await store.DeleteSegmentAsync("vip");
        Assert.Equal(0, await store.CountAsync("vip"));
    }

    [Fact]
    public async Task Changes_of_many_individuals_arriving_together_are_committed_together()
    {
        await using var database = await fixture.NewDatabaseAsync();
        await using var store = new PostgresMembershipStore(database, new SegmentFeedSignal());
        const int individuals = 200;

        await Task.WhenAll(Enumerable.Range(0, individuals).Select(i =>
            store.ApplyAsync($"ind-{i:D3}", [new MembershipChange("vip", true, s_t0), new MembershipChange("active", true, s_t0)])));

        Assert.Equal(individuals, await store.CountAsync("vip"));
        Assert.Equal(individuals, await store.CountAsync("active"));
        var feed = await store.ChangesAsync("vip", 0, 1000);
        Assert.Equal(individuals, feed.Count);
        Assert.Equal(feed.Select(c => c.Sequence).Order(), feed.Select(c => c.Sequence));

        // Each feed row's xmin is the transaction that wrote it: one per individual would be one flush to disk each.
        await using var transactions = database.DataSource.CreateCommand("SELECT count(DISTINCT xmin::text) FROM eg_segment_changes");
        var commits = (long)(await transactions.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        Assert.True(commits <= individuals / 4, $"{individuals} individuals' changes took {commits} transactions");
    }

    [Fact]
    public async Task A_reader_following_the_feed_while_two_silos_commit_never_skips_a_change()
    {
        await using var database = await fixture.NewDatabaseAsync();
        await using var first = new PostgresMembershipStore(database, new SegmentFeedSignal());
        await using var second = new PostgresMembershipStore(database, new SegmentFeedSignal());
        const int individuals = 400;
        var cancellation = TestContext.Current.CancellationToken;

        var writes = Task.WhenAll(Enumerable.Range(0, individuals).Select(async i =>
        {
            await Task.Yield();
            await (i % 2 == 0 ? first : second).ApplyAsync($"ind-{i:D3}", [new MembershipChange("vip", true, s_t0)]);
        }));

        // Resuming after the last sequence seen, as a stream or a destination does: a change that committed after a
        // higher sequence had been read would never be seen.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var position = 0L;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (seen.Count < individuals && DateTime.UtcNow < deadline)
        {
            foreach (var change in await ChangesAfterAsync(position))
            {
                Assert.True(seen.Add(change.IndividualId), $"{change.IndividualId} seen twice");
                position = change.Sequence;
            }

            if (writes.IsCompleted && (await ChangesAfterAsync(position)).Count == 0)
            {
                break;
            }
        }

        await writes;
        Assert.Equal(individuals, seen.Count);

        Task<IReadOnlyList<EngagementGrains.Storage.Memberships.MembershipChangeRecord>> ChangesAfterAsync(long after) => first.ChangesAsync("vip", after, 50, cancellation);
    }

    [Fact]
    public async Task A_change_the_server_refuses_fails_only_its_own_individual_among_those_committed_with_it()
    {
        await using var database = await fixture.NewDatabaseAsync();
        await using var store = new PostgresMembershipStore(database, new SegmentFeedSignal());

        // PostgreSQL's text holds no NUL character: the server refuses the statement, and with it the transaction.
        var applies = Enumerable.Range(0, 50).Select(i => store.ApplyAsync($"ind-{i:D2}",
            [new MembershipChange(i == 25 ? "bad\0segment" : "vip", true, s_t0)])).ToArray();

        await Assert.ThrowsAnyAsync<Exception>(() => applies[25]);
        await Task.WhenAll(applies.Where((_, i) => i != 25));
        Assert.Equal(49, await store.CountAsync("vip"));
        Assert.Null(await store.FindAsync("vip", "ind-25"));
        Assert.Equal(49, (await store.ChangesAsync("vip", 0, 100)).Count);
    }

    [Fact]
    public async Task A_database_without_the_schema_is_refused_with_what_to_run()
    {
        await using var database = await fixture.NewDatabaseAsync(applySchema: false);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => database.EnsureSchemaAsync(CancellationToken.None));
        Assert.Contains("deploy/sql/apply.sh", error.Message, StringComparison.Ordinal);

        await using var ready = await fixture.NewDatabaseAsync();
        await ready.EnsureSchemaAsync(CancellationToken.None);
    }
}
