using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Core.Profiles;
using EngagementGrains.Storage.EventLog;
using EngagementGrains.Storage.GrainState;
using Microsoft.Extensions.Logging;

namespace EngagementGrains.Grains.Individuals;

/// <summary>
/// One unified individual. Events are appended to the durable log first and folded into the state only
/// after the commit, so an acknowledged event is in the log; the state is a snapshot written behind and
/// rebuilt on activation from the snapshot plus the log rows after it.
/// </summary>
public sealed partial class IndividualGrain(
    [PersistentState("individual", SqliteGrainStorage.Name)] IPersistentState<IndividualState> snapshot,
    IEventLog log,
    ProfileFolding folding,
    ILogger<IndividualGrain> logger) : Grain, IIndividualGrain
{
    /// <summary>Events folded since the last snapshot before one is written inline.</summary>
    public const int SnapshotEveryEvents = 200;

    /// <summary>How long a changed profile may wait for its snapshot when no more events come.</summary>
    public static readonly TimeSpan SnapshotDelay = TimeSpan.FromSeconds(30);

    private int _unsnapshotted;
    private IGrainTimer? _snapshotTimer;

    private string IndividualId => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var pending = await log.ReadAfterAsync(IndividualId, snapshot.State.LogPosition, cancellationToken);
        foreach (var stored in pending)
        {
            folding.Apply(snapshot.State, stored);
        }

        if (pending.Count > 0)
        {
            LogReplayed(logger, IndividualId, pending.Count, snapshot.State.LogPosition);
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
        var sequences = await log.AppendAsync(IndividualId, events);
        var accepted = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (sequences[i] is long sequence)
            {
                folding.Apply(snapshot.State, new StoredEvent(sequence, events[i]));
                accepted++;
            }
        }

        if (accepted > 0)
        {
            MarkChanged(accepted);
            if (_unsnapshotted >= SnapshotEveryEvents)
            {
                await WriteSnapshotAsync();
            }
        }

        return new ApplyResult(accepted, events.Count - accepted);
    }

    Task<ProfileView?> IIndividualGrain.GetProfileAsync() =>
        Task.FromResult(ProfileProjection.ToView(IndividualId, snapshot.State));

    async Task<TimelinePage> IIndividualGrain.GetTimelineAsync(TimelineQuery query)
    {
        var state = snapshot.State;
        if (state.EventCount == 0)
        {
            return new TimelinePage([], null);
        }

        // The newest events are in memory; the log answers everything else.
        var unfiltered = query.Types is not { Count: > 0 } && query.From is null && query.To is null && query.After is null;
        if (unfiltered && (query.Limit <= state.Recent.Count || state.EventCount <= state.Recent.Count))
        {
            var page = state.Recent.Take(query.Limit).ToArray();
            var next = state.EventCount > page.Length ? TimelineOrder.PositionOf(page[^1]) : null;
            return new TimelinePage(page, next);
        }

        return await log.ReadTimelineAsync(IndividualId, query);
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
