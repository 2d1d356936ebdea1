using System.Diagnostics;
using EngagementGrains.Core.Segments;
using EngagementGrains.Storage.Memberships;

namespace EngagementGrains.Storage.Tests;

public sealed class SqliteMembershipStoreTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Enter_and_exit_are_idempotent_and_only_real_changes_reach_the_feed()
    {
        await using var db = new TemporaryDatabase();
        var store = new SqliteMembershipStore(db.Database, new SegmentFeedSignal());
        await store.ApplyAsync("ind-1", [new MembershipChange("s", true, s_t0)]);
        await store.ApplyAsync("ind-1", [new MembershipChange("s", true, s_t0.AddMinutes(1))]);
        await store.ApplyAsync("ind-2", [new MembershipChange("s", false, s_t0)]);
        Assert.Equal(s_t0, (await store.FindAsync("s", "ind-1", TestContext.Current.CancellationToken))!.Since);

        await store.ApplyAsync("ind-1", [new MembershipChange("s", false, s_t0.AddMinutes(2))]);
        var feed = await store.ChangesAsync("s", 0, 10, TestContext.Current.CancellationToken);
        Assert.Equal([(true, "ind-1"), (false, "ind-1")], feed.Select(c => (c.Entered, c.IndividualId)));
        Assert.Equal(0, await store.CountAsync("s", TestContext.Current.CancellationToken));
        Assert.Single(await store.ChangesAsync("s", feed[0].Sequence, 10, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task One_evaluations_many_changes_record_exactly_the_real_ones_in_their_order()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var db = new TemporaryDatabase();
        var store = new SqliteMembershipStore(db.Database, new SegmentFeedSignal());
        await store.ApplyAsync("ind-1", [new MembershipChange("member", true, s_t0), new MembershipChange("leaving", true, s_t0)]);

        // New segments (one named with JSON's special characters), an enter of a member, an exit of a member and
        // an exit of a non-member, each at its own instant.
        const string quoted = "say \"hi\" \\ \u00e9";
        await store.ApplyAsync("ind-1",
        [
            new MembershipChange("new-a", true, s_t0.AddMinutes(1)),
            new MembershipChange("member", true, s_t0.AddMinutes(2)),
            new MembershipChange("leaving", false, s_t0.AddMinutes(3)),
            new MembershipChange("never", false, s_t0.AddMinutes(4)),
            new MembershipChange(quoted, true, s_t0.AddMinutes(5)),
        ]);

        Assert.Equal(s_t0, (await store.FindAsync("member", "ind-1", cancellation))!.Since);
        Assert.Equal(s_t0.AddMinutes(5), (await store.FindAsync(quoted, "ind-1", cancellation))!.Since);
        Assert.Null(await store.FindAsync("leaving", "ind-1", cancellation));
        Assert.Equal(new[] { "member", "new-a", quoted }.Order(StringComparer.Ordinal), (await store.SegmentsOfAsync("ind-1", cancellation)).Order(StringComparer.Ordinal));
        Assert.Single(await store.ChangesAsync("member", 0, 10, cancellation));
        Assert.Empty(await store.ChangesAsync("never", 0, 10, cancellation));
        var newA = Assert.Single(await store.ChangesAsync("new-a", 0, 10, cancellation));
        var left = (await store.ChangesAsync("leaving", 0, 10, cancellation))[^1];
        var entered = Assert.Single(await store.ChangesAsync(quoted, 0, 10, cancellation));
        Assert.Equal((true, s_t0.AddMinutes(1)), (newA.Entered, newA.At));
        Assert.Equal((false, s_t0.AddMinutes(3)), (left.Entered, left.At));
        Assert.True(newA.Sequence < left.Sequence && left.Sequence < entered.Sequence);

        // A segment named twice: the exit sees the enter before it.
        await store.ApplyAsync("ind-2", [new MembershipChange("twice", true, s_t0), new MembershipChange("twice", false, s_t0.AddMinutes(1))]);
        Assert.Equal([true, false], (await store.ChangesAsync("twice", 0, 10, cancellation)).Select(c => c.Entered));
        Assert.Equal(0, await store.CountAsync("twice", cancellation));
    }

    [Fact]
    public async Task A_commit_that_records_a_change_wakes_that_segments_streams_and_no_other()
    {
        await using var db = new TemporaryDatabase();
        var signal = new SegmentFeedSignal();
        var store = new SqliteMembershipStore(db.Database, signal);
        var s = signal.Next("s");
        var t = signal.Next("t");

        await store.ApplyAsync("ind-1", [new MembershipChange("s", true, s_t0)]);
        Assert.True(s.IsCompleted);
        Assert.False(t.IsCompleted);

        // An enter for a member records nothing, so it wakes nobody.
        var again = signal.Next("s");
        await store.ApplyAsync("ind-1", [new MembershipChange("s", true, s_t0.AddMinutes(1))]);
        Assert.False(again.IsCompleted);

        // An erasure publishes an exit per segment the person was in.
        await store.ForgetAsync("ind-1", s_t0.AddMinutes(2));
        Assert.True(again.IsCompleted);
        Assert.False(t.IsCompleted);
    }

    [Fact]
    public async Task A_segment_of_a_million_members_is_listed_page_by_page()
    {
        const int Members = 1_000_000;
        await using var db = new TemporaryDatabase();
        var store = new SqliteMembershipStore(db.Database, new SegmentFeedSignal());
        foreach (var chunk in Enumerable.Range(0, Members).Chunk(20_000))
        {
            await Task.WhenAll(chunk.Select(i => store.ApplyAsync($"ind-{i:D7}", [new MembershipChange("big", true, s_t0)])));
        }

        Assert.Equal(Members, await store.CountAsync("big", TestContext.Current.CancellationToken));
        var clock = Stopwatch.StartNew();
        var seen = 0;
        var after = "";
        var slowest = TimeSpan.Zero;
        while (true)
        {
            var started = clock.Elapsed;
            var page = await store.ListAsync("big", after, 1000, TestContext.Current.CancellationToken);
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, (clock.Elapsed - started).Ticks));
            if (page.Count == 0)
            {
                break;
            }

            Assert.True(string.CompareOrdinal(page[0].IndividualId, after) > 0);
            seen += page.Count;
            after = page[^1].IndividualId;
        }

        Assert.Equal(Members, seen);
        TestContext.Current.SendDiagnosticMessage($"listed {Members} members in {clock.Elapsed.TotalSeconds:0.0}s, slowest page {slowest.TotalMilliseconds:0} ms");
    }
}
