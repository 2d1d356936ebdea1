using EngagementGrains.Core.Time;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Core.Measures;
using EngagementGrains.Core.Profiles;
using EngagementGrains.Core.Segments;
using EngagementGrains.Abstractions.Wakeups;
using EngagementGrains.Grains.Definitions;
using EngagementGrains.Grains.Wakeups;
using EngagementGrains.Storage.EventLog;
using EngagementGrains.Storage;
using EngagementGrains.Storage.Memberships;
using EngagementGrains.Storage.Wakeups;
using EngagementGrains.Core.Identity;
using EngagementGrains.Core.Individuals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Grains.Individuals;

/// <summary>
/// One unified individual. Events are appended to the durable log first and folded into the state only
/// after the commit, so an acknowledged event is in the log; the state is a snapshot written behind and
/// rebuilt on activation from the snapshot plus the log rows after it. Measures are folded with the
/// events and refreshed by the wake-up schedule when a window slides; segments are evaluated after every
/// change and their enter/exit changes written before the caller hears back.
/// </summary>
public sealed partial class IndividualGrain(
    [PersistentState("individual", StorageNames.Individuals)] IPersistentState<IndividualState> snapshot,
    IEventLog log,
    IWakeupSchedule schedule,
    IMembershipStore memberships,
    IErasureScrub scrub,
    IndividualRules rules,
    DefinitionsCache definitions,
    EngagementClock time,
    IOptions<IdentityRules> identityRules,
    IOptions<WakeupOptions> wakeups,
    IOptions<SnapshotOptions> snapshots,
    Failover.ClusterSettling settling,
    ILogger<IndividualGrain> logger) : Grain, IIndividualGrain
{
    /// <summary>How long a changed profile may wait for its snapshot when no more events come.</summary>
    /// <remarks>
    /// A snapshot only shortens the replay after a crash, which <see cref="SnapshotOptions.EveryEvents"/> already bounds;
    /// at 30 s every busy person's whole state (their windows' entries) was rewritten twice a minute, and those
    /// writes were most of the embedded store's I/O under load.
    /// </remarks>
    public static readonly TimeSpan SnapshotDelay = TimeSpan.FromMinutes(5);

    // A snapshot rewrites every entry the sliding windows hold, which for a busy person grows with their events:
    // the interval grows with it (an eighth of what is held), so the snapshots' cost per event stays flat and the
    // replay after a crash stays within that eighth of the state.
    private int SnapshotInterval() => Math.Max(snapshots.Value.EveryEvents, State.Measures.Values.Sum(m => m.Entries.Count) / 8);

    private int _unsnapshotted;
    private bool _discarded;
    private IGrainTimer? _snapshotTimer;
    private ActiveDefinitions? _synced;

    // A fresh activation cannot know that the stored member rows agree with its state: a crash can come
    // between the events' commit and the membership write, and a snapshot can predate an entry or exit made
    // later by a backfill or a wake-up. The first recording after activation reconciles them both ways.
    private bool _membershipsUnverified = true;

    private string IndividualId => this.GetPrimaryKeyString();

    private IndividualState State => snapshot.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Nothing is evaluated before this silo has the definitions (a restart's first calls race their loading).
            await definitions.LoadedAsync();
            await ReplayAsync(cancellationToken);
            await CompletePendingSplitAsync();
        }
        catch (System.Data.Common.DbException error)
        {
            throw new Abstractions.Storage.StorageUnavailableException($"Replaying {IndividualId}: {error.Message}");
        }
    }

    private async Task ReplayAsync(CancellationToken cancellationToken)
    {
        if (State.MergedInto is not null)
        {
            return;
        }

        // The snapshot folded EventCount rows up to LogPosition. More rows there means another activation
        // of this individual appended while this snapshot was taken (possible, briefly, while the cluster's
        // membership changes): folding only what follows would miss them, so rebuild from the whole log.
        if (State.LogPosition > 0 && await log.CountUpToAsync(IndividualId, State.LogPosition, cancellationToken) != State.EventCount)
        {
            LogRebuilt(logger, IndividualId, State.LogPosition);
            snapshot.State = IndividualState.Rebuilding(State);
        }

        var pending = await log.ReadAfterAsync(IndividualId, State.LogPosition, cancellationToken);
        rules.Fold(State, pending, definitions.Current, time.GetUtcNow());

        if (pending.Count > 0)
        {
            LogReplayed(logger, IndividualId, pending.Count, State.LogPosition);
            await CompleteLostMergesAsync(pending);
            MarkChanged(pending.Count);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsnapshotted > 0 && !_discarded)
        {
            await WriteSnapshotAsync();
        }
    }

    async Task<ApplyResult> IIndividualGrain.ApplyAsync(IReadOnlyList<EngagementEvent> events)
    {
        if (State.MergedInto is { } survivor)
        {
            return new ApplyResult(0, 0, survivor);
        }

        try
        {
            return await ApplyNewAsync(events);
        }
        catch
        {
            // A failure after the commit (a membership or wake-up write) leaves this copy ahead of what
            // storage says; this copy is discarded unsaved and a fresh one rebuilds from storage.
            Discard();
            throw;
        }
    }

    private async Task<ApplyResult> ApplyNewAsync(IReadOnlyList<EngagementEvent> events)
    {
        var active = definitions.Current;
        var changedDefinitions = await SyncAsync(active);
        var now = time.GetUtcNow();

        // The wake-up these events may need rides in the same commit as the events themselves.
        var scheduled = State.ScheduledWakeAt;
        var wakeAt = MeasureFolding.EarliestChange(events, active.Measures, now) is { } change && (scheduled is null || scheduled <= now || change < scheduled)
            ? change
            : (DateTimeOffset?)null;
        var appended = await log.AppendCountedAsync(IndividualId, events, wakeAt);
        var sequences = appended.Sequences;
        Announce(wakeAt, now);
        var stored = new List<StoredEvent>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            if (sequences[i] is long sequence)
            {
                stored.Add(new StoredEvent(sequence, events[i]));
            }
        }

        var caughtUp = stored.Count > 0 && log.IsShared && await CatchUpWithOtherCopiesAsync(stored, appended.Count, active, now);

        var due = scheduled is { } at && at <= now;
        if (stored.Count > 0 || changedDefinitions || _membershipsUnverified || due)
        {
            var outcome = rules.Step(State, caughtUp ? [] : stored, active, now, refreshAll: changedDefinitions || caughtUp, evaluateAll: changedDefinitions || caughtUp);
            if (wakeAt is not null)
            {
                State.ScheduledWakeAt = wakeAt;
            }

            await RecordAsync(outcome, active.Segments, now);
            await ScheduleWakeAsync(outcome.NextWake, now);
            MarkChanged(Math.Max(stored.Count, 1));
            if (_unsnapshotted >= SnapshotInterval())
            {
                await WriteSnapshotAsync();
            }
        }
        else if (wakeAt is not null)
        {
            State.ScheduledWakeAt = wakeAt;
        }

        return new ApplyResult(stored.Count, events.Count - stored.Count);
    }

    // The log holds one row per acknowledged event of this individual, so up to the rows just appended it must
    // hold exactly what this copy folded plus those. More means another copy of this individual appended while
    // this one was active: two activations at once, as while a partitioned silo is voted out (found by the
    // partition tests: a profile one event short of its log). Its rows are folded in from the log, and the
    // memberships written by either copy are checked again. The embedded store has one process, one copy: no check.
    // The append's own statement read the count it left (logCount), so the usual answer costs no further call.
    private async Task<bool> CatchUpWithOtherCopiesAsync(List<StoredEvent> stored, long? logCount, ActiveDefinitions active, DateTimeOffset now)
    {
        if (await LogHoldsAsync(State.EventCount + stored.Count, stored.Max(e => e.Sequence), logCount))
        {
            return false;
        }

        // Rebuilt from the whole log, the new rows included: the step that follows folds nothing more.
        await RebuildFromLogAsync(active, now);
        return true;
    }

    private async Task RebuildFromLogAsync(ActiveDefinitions active, DateTimeOffset now)
    {
        LogRebuilt(logger, IndividualId, State.LogPosition);
        var history = await log.ReadAfterAsync(IndividualId, 0);
        snapshot.State = IndividualState.Rebuilding(State);
        rules.Fold(State, history, active, now);
        IndividualRules.Recompute(State, active, IndividualRules.StaleMeasures(State, active), history, now);
        _membershipsUnverified = true;
    }

    // A copy that only reads would show what it folded even if another copy of this individual, active at the
    // same time while the membership changed, has appended since (a partition test once read a profile one event
    // short of its log after a silo left). Within a minute of a membership change a read counts the log first.
    private async Task CatchUpBeforeReadAsync()
    {
        if (log.IsShared && State.MergedInto is null && settling.IsSettling
            && !await LogHoldsAsync(State.EventCount, long.MaxValue))
        {
            await RebuildFromLogAsync(definitions.Current, time.GetUtcNow());
        }
    }

    // The store's counter answers in one index lookup however many events the individual has (counting its rows
    // made every append of a busy individual slower). Only where it disagrees are the rows counted: rows another
    // copy added after this one's (which the next append sees), or a counter from before the store kept one.
    private async Task<bool> LogHoldsAsync(long expected, long upToSequence, long? counted = null) =>
        (counted ?? await log.CountAsync(IndividualId)) == expected || await log.CountUpToAsync(IndividualId, upToSequence) == expected;

    async Task<ProfileView?> IIndividualGrain.GetProfileAsync()
    {
        await CatchUpBeforeReadAsync();

        // One copy of the definitions throughout: the measures shown are those this state was brought up to.
        var active = definitions.Current;
        if (State.MergedInto is null && State.EventCount > 0)
        {
            // A wake-up that is due but not yet taken by its shard is taken now: a read never shows a window
            // that time has already moved.
            var due = State.ScheduledWakeAt is { } at && at <= time.GetUtcNow();
            if (await SyncAsync(active) || _membershipsUnverified || due)
            {
                await RefreshAsync(active, woken: due);
            }
        }

        return ProfileProjection.ToView(IndividualId, State, active.Measures, time.GetUtcNow());
    }

    async Task<TimelinePage> IIndividualGrain.GetTimelineAsync(TimelineQuery query)
    {
        if (State.EventCount == 0 || State.MergedInto is not null)
        {
            return new TimelinePage([], null);
        }

        // The newest events are in memory; the log answers everything else.
        var unfiltered = query.Types is not { Count: > 0 } && query.From is null && query.To is null && query.After is null;
        if (unfiltered && (query.Limit <= State.Recent.Count || State.EventCount <= State.Recent.Count))
        {
            var page = State.Recent.Take(query.Limit).ToArray();
            var next = State.EventCount > page.Length ? TimelineOrder.PositionOf(page[^1]) : null;
            return new TimelinePage(page, next);
        }

        return await log.ReadTimelineAsync(IndividualId, query);
    }

    async Task IIndividualGrain.SyncDefinitionsAsync(string kind, long registryVersion)
    {
        var active = await definitions.EnsureAsync(kind, registryVersion);
        if (State.MergedInto is null && State.EventCount > 0 && (await SyncAsync(active) || _membershipsUnverified))
        {
            await RefreshAsync(active);
        }
    }

    async Task<ExplanationView?> IIndividualGrain.ExplainAsync(string segment)
    {
        var active = definitions.Current;
        if (State.MergedInto is not null || !active.Segments.Segments.TryGetValue(segment, out var definition))
        {
            return null;
        }

        if (State.EventCount > 0 && await SyncAsync(active))
        {
            await RefreshAsync(active);
        }

        // Referenced segments are read from the memberships just evaluated.
        var verdicts = State.Memberships.Keys.ToDictionary(k => k, _ => true, StringComparer.Ordinal);
        return ToView(SegmentEvaluator.Explain(definition.Spec.Root, new StateSegmentContext(State, active.Measures, verdicts)));
    }

    async Task IIndividualGrain.WakeAsync()
    {
        if (State.MergedInto is not null)
        {
            return;
        }

        try
        {
            var active = definitions.Current;
            var changedDefinitions = await SyncAsync(active);
            await RefreshAsync(active, woken: true, evaluateAll: changedDefinitions);
        }
        catch
        {
            Discard();
            throw;
        }
    }

    // A wake-up with unchanged definitions evaluates only the segments whose windows moved; any other refresh
    // follows a definition change, a replay or a merge, and evaluates them all.
    private async Task RefreshAsync(ActiveDefinitions active, bool woken = false, bool evaluateAll = true)
    {
        var now = time.GetUtcNow();
        var outcome = rules.Step(State, [], active, now, refreshAll: true, evaluateAll);

        // Memberships first, the wake-up row second: if the membership write fails, the due row stays and
        // wakes this individual again, so a time-only exit is never lost.
        await RecordAsync(outcome, active.Segments, now);
        if (woken)
        {
            // The row that woke us is due; replace or clear it whatever this activation remembered.
            await schedule.SetAsync(IndividualId, outcome.NextWake);
            Announce(outcome.NextWake, now);
            State.ScheduledWakeAt = outcome.NextWake;
        }
        else
        {
            await ScheduleWakeAsync(outcome.NextWake, now);
        }

        MarkChanged(1);
    }

    // The changes become the state's own only once stored.
    private async Task RecordAsync(IndividualOutcome outcome, SegmentSet segments, DateTimeOffset now)
    {
        // A copy of this silo with older definitions may have written a row for a segment since deleted or
        // defined again; the rows are asked rather than trusted to have gone with the definition.
        _membershipsUnverified |= outcome.Dropped.Count > 0;
        if (State.EventCount == 0 || (outcome.Changes.Count == 0 && !_membershipsUnverified))
        {
            return;
        }

        // After a replay the stored rows may disagree with the state either way (a crash between the
        // events' commit and this write): the store is made to say what the state says.
        var delivered = _membershipsUnverified ? await ReconcileAsync(segments, outcome.Changes, now) : outcome.Changes;
        if (delivered.Count > 0)
        {
            await memberships.ApplyAsync(IndividualId, delivered);
        }

        IndividualRules.Commit(State, outcome);
        _membershipsUnverified = false;
    }

    private async Task<IReadOnlyList<MembershipChange>> ReconcileAsync(SegmentSet segments, IReadOnlyList<MembershipChange> changes, DateTimeOffset now)
    {
        var member = State.Memberships.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (var change in changes)
        {
            _ = change.Entered ? member.Add(change.Segment) : member.Remove(change.Segment);
        }

        // With no segment defined and none held, no stored row can be delivered either way: skip the query
        // every activation would otherwise make.
        if (member.Count == 0 && segments.Segments.Count == 0)
        {
            return [];
        }

        var stored = (await memberships.SegmentsOfAsync(IndividualId)).ToHashSet(StringComparer.Ordinal);
        var enters = member.Where(s => !stored.Contains(s))
            .Select(s => changes.FirstOrDefault(c => c.Segment == s) ?? new MembershipChange(s, true, State.Memberships[s].Since));
        var exits = stored.Where(s => !member.Contains(s) && segments.Segments.ContainsKey(s))
            .Select(s => new MembershipChange(s, false, now));
        return enters.Concat(exits).ToArray();
    }

    /// <summary>Recomputes from the log every measure whose definition changed; true when definitions changed.</summary>
    private async Task<bool> SyncAsync(ActiveDefinitions active)
    {
        if (ReferenceEquals(active, _synced))
        {
            return false;
        }

        var stale = IndividualRules.StaleMeasures(State, active);
        if (stale.Count > 0 && State.EventCount > 0)
        {
            var position = State.LogPosition;
            var history = await log.ReadAfterAsync(IndividualId, 0);
            IndividualRules.Recompute(State, active, stale, history.Where(e => e.Sequence <= position).ToArray(), time.GetUtcNow());
        }
        else if (stale.Count > 0)
        {
            IndividualRules.Recompute(State, active, stale, [], time.GetUtcNow());
        }

        _synced = active;
        return true;
    }

    // Only an earlier instant than the one scheduled is written: a wake that comes early finds nothing
    // due yet and reschedules, which costs less than a write on every change.
    private async Task ScheduleWakeAsync(DateTimeOffset? next, DateTimeOffset now)
    {
        var scheduled = State.ScheduledWakeAt;
        var pending = scheduled is { } s && s > now;
        if (next == scheduled || (pending && (next is null || next > scheduled)) || (next is null && scheduled is null))
        {
            return;
        }

        await schedule.SetAsync(IndividualId, next);
        Announce(next, now);
        State.ScheduledWakeAt = next;
    }

    // A row due before its shard's next regular poll is announced to the shard, so the window slides on time
    // rather than up to a poll interval late.
    private void Announce(DateTimeOffset? dueAt, DateTimeOffset now)
    {
        if (dueAt is { } at && at - now < wakeups.Value.PollInterval)
        {
            GrainFactory.GetGrain<IWakeupShardGrain>(schedule.ShardOf(IndividualId)).ExpectAsync(at).Ignore();
        }
    }

    private static ExplanationView ToView(Explanation explanation) =>
        new(explanation.Path, explanation.Condition, explanation.Held, explanation.ValueJson, explanation.Children.Select(ToView).ToArray());

    private void MarkChanged(int events)
    {
        _unsnapshotted += events;
        _snapshotTimer ??= this.RegisterGrainTimer(_ => WriteSnapshotAsync(), SnapshotDelay, Timeout.InfiniteTimeSpan);
    }

    private void Discard()
    {
        _discarded = true;
        DeactivateOnIdle();
    }

    private async Task WriteSnapshotAsync()
    {
        _snapshotTimer?.Dispose();
        _snapshotTimer = null;
        if (_unsnapshotted == 0)
        {
            return;
        }

        var written = _unsnapshotted;
        var live = snapshot.State;

        // The stored form leaves out windows too large to rewrite each time; this activation keeps its own.
        snapshot.State = SnapshotWindows.Compact(live, snapshots.Value.MaxWindowEntries);
        try
        {
            await snapshot.WriteStateAsync();
        }
        catch (Orleans.Storage.InconsistentStateException)
        {
            // Another activation wrote since this one read: this copy is stale. Its events are in the log;
            // the next call activates afresh from the newer snapshot and the log.
            DeactivateOnIdle();
            throw;
        }
        finally
        {
            snapshot.State = live;
        }

        _unsnapshotted -= written;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Individual {IndividualId}: the log holds events up to {Position} its snapshot does not; rebuilding from the log")]
    private static partial void LogRebuilt(ILogger logger, string individualId, long position);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Individual {IndividualId} replayed {Count} logged events up to {Position}")]
    private static partial void LogReplayed(ILogger logger, string individualId, int count, long position);
}
