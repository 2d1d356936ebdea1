using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Core.Measures;
using EngagementGrains.Core.Profiles;
using EngagementGrains.Grains.Measures;
using EngagementGrains.Storage.EventLog;
using EngagementGrains.Storage.GrainState;
using EngagementGrains.Storage.Wakeups;
using Microsoft.Extensions.Logging;

namespace EngagementGrains.Grains.Individuals;

/// <summary>
/// One unified individual. Events are appended to the durable log first and folded into the state only
/// after the commit, so an acknowledged event is in the log; the state is a snapshot written behind and
/// rebuilt on activation from the snapshot plus the log rows after it. Measures are folded with the
/// events and refreshed by the wake-up schedule when a window slides.
/// </summary>
public sealed partial class IndividualGrain(
    [PersistentState("individual", SqliteGrainStorage.Name)] IPersistentState<IndividualState> snapshot,
    IEventLog log,
    IWakeupSchedule schedule,
    ProfileFolding folding,
    MeasureDefinitionsCache measures,
    TimeProvider time,
    ILogger<IndividualGrain> logger) : Grain, IIndividualGrain
{
    /// <summary>Events folded since the last snapshot before one is written inline.</summary>
    public const int SnapshotEveryEvents = 200;

    /// <summary>How long a changed profile may wait for its snapshot when no more events come.</summary>
    public static readonly TimeSpan SnapshotDelay = TimeSpan.FromSeconds(30);

    private int _unsnapshotted;
    private IGrainTimer? _snapshotTimer;
    private long _measureSetVersion = -1;

    private string IndividualId => this.GetPrimaryKeyString();

    private IndividualState State => snapshot.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var pending = await log.ReadAfterAsync(IndividualId, State.LogPosition, cancellationToken);
        var now = time.GetUtcNow();
        var set = measures.Current;
        foreach (var stored in pending)
        {
            folding.Apply(State, stored);
            MeasureFolding.Apply(State, set, stored, now);
        }

        if (pending.Count > 0)
        {
            LogReplayed(logger, IndividualId, pending.Count, State.LogPosition);
            MarkChanged(pending.Count);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_unsnapshotted > 0)
        {
            await WriteSnapshotAsync();
        }
    }

    async Task<ApplyResult> IIndividualGrain.ApplyAsync(IReadOnlyList<EngagementEvent> events)
    {
        var set = measures.Current;
        await EnsureMeasuresAsync(set);
        var now = time.GetUtcNow();

        // The wake-up these events may need rides in the same commit as the events themselves.
        var scheduled = State.ScheduledWakeAt;
        var wakeAt = MeasureFolding.EarliestChange(events, set, now) is { } change && (scheduled is null || scheduled <= now || change < scheduled)
            ? change
            : (DateTimeOffset?)null;
        var sequences = await log.AppendAsync(IndividualId, events, wakeAt);
        if (wakeAt is not null)
        {
            State.ScheduledWakeAt = wakeAt;
        }

        var accepted = 0;
        var touched = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            if (sequences[i] is long sequence)
            {
                var stored = new StoredEvent(sequence, events[i]);
                folding.Apply(State, stored);
                MeasureFolding.Apply(State, set, stored, now, touched);
                accepted++;
            }
        }

        if (accepted > 0)
        {
            if (touched.Count > 0)
            {
                MeasureFolding.Refresh(State, set, now, touched);
                await ScheduleWakeAsync(set, now);
            }

            MarkChanged(accepted);
            if (_unsnapshotted >= SnapshotEveryEvents)
            {
                await WriteSnapshotAsync();
            }
        }

        return new ApplyResult(accepted, events.Count - accepted);
    }

    async Task<ProfileView?> IIndividualGrain.GetProfileAsync()
    {
        if (State.EventCount > 0 && await EnsureMeasuresAsync(measures.Current))
        {
            await RefreshAsync(measures.Current);
        }

        return ProfileProjection.ToView(IndividualId, State);
    }

    async Task<TimelinePage> IIndividualGrain.GetTimelineAsync(TimelineQuery query)
    {
        if (State.EventCount == 0)
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

    async Task IIndividualGrain.SyncMeasuresAsync(long registryVersion)
    {
        var set = await measures.EnsureAsync(registryVersion);
        if (State.EventCount > 0 && await EnsureMeasuresAsync(set))
        {
            await RefreshAsync(set);
        }
    }

    async Task IIndividualGrain.WakeAsync()
    {
        var set = measures.Current;
        await EnsureMeasuresAsync(set);
        await RefreshAsync(set, woken: true);
    }

    private async Task RefreshAsync(MeasureSet set, bool woken = false)
    {
        var now = time.GetUtcNow();
        MeasureFolding.Refresh(State, set, now);
        if (woken)
        {
            // The row that woke us is due; replace or clear it whatever this activation remembered.
            State.ScheduledWakeAt = null;
            var next = MeasureFolding.NextChange(State, set, now);
            await schedule.SetAsync(IndividualId, next);
            State.ScheduledWakeAt = next;
        }
        else
        {
            await ScheduleWakeAsync(set, now);
        }

        MarkChanged(1);
    }

    /// <summary>Recomputes from the log every measure whose definition changed; true when any did.</summary>
    private async Task<bool> EnsureMeasuresAsync(MeasureSet set)
    {
        if (set.Version == _measureSetVersion)
        {
            return false;
        }

        var stale = MeasureFolding.Stale(State, set);
        if (stale.Count > 0)
        {
            var position = State.LogPosition;
            var history = State.EventCount == 0 ? [] : await log.ReadAfterAsync(IndividualId, 0);
            MeasureFolding.Recompute(State, set, stale, history.Where(e => e.Sequence <= position).ToArray(), time.GetUtcNow());
        }

        _measureSetVersion = set.Version;
        return true;
    }

    // A later instant than the one already scheduled is not written: the earlier wake finds nothing due
    // yet and reschedules, which costs less than a write on every event.
    // Only an earlier instant than the one scheduled is written: a wake that comes early finds nothing
    // due yet and reschedules, which costs less than a write on every change.
    private async Task ScheduleWakeAsync(MeasureSet set, DateTimeOffset now)
    {
        var next = MeasureFolding.NextChange(State, set, now);
        var scheduled = State.ScheduledWakeAt;
        var pending = scheduled is { } s && s > now;
        if (next == scheduled || (pending && (next is null || next > scheduled)) || (next is null && scheduled is null))
        {
            return;
        }

        await schedule.SetAsync(IndividualId, next);
        State.ScheduledWakeAt = next;
    }

    private void MarkChanged(int events)
    {
        _unsnapshotted += events;
        _snapshotTimer ??= this.RegisterGrainTimer(_ => WriteSnapshotAsync(), SnapshotDelay, Timeout.InfiniteTimeSpan);
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
        await snapshot.WriteStateAsync();
        _unsnapshotted -= written;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Individual {IndividualId} replayed {Count} logged events up to {Position}")]
    private static partial void LogReplayed(ILogger logger, string individualId, int count, long position);
}
