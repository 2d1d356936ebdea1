using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Core.Identity;
using EngagementGrains.Core.Profiles;
using EngagementGrains.Core.Segments;
using EngagementGrains.Grains.Intake;

namespace EngagementGrains.Grains.Individuals;

// Undoing a wrong merge. The split is written down first (PendingSplit in the snapshot); then the other side
// takes its events, the contact points are relinked, and only then are the events removed here. Every step may
// be repeated, so a crash anywhere is completed by the next activation or by the client's retry. The other side
// never calls back, so a split cannot wait on itself.
public sealed partial class IndividualGrain
{
    async Task<SplitResult> IIndividualGrain.SplitAsync(IReadOnlyList<string> identityKeys)
    {
        if (State.MergedInto is { } survivor)
        {
            return new SplitResult(SplitStatus.Moved, survivor);
        }

        if (State.EventCount == 0 && State.Identities.Count == 0)
        {
            return new SplitResult(SplitStatus.NotFound);
        }

        try
        {
            if (State.PendingSplit is not null)
            {
                await CompleteSplitAsync(await log.ReadAfterAsync(IndividualId, 0));
            }

            var away = identityKeys.Distinct(StringComparer.Ordinal).ToArray();
            if (away.FirstOrDefault(k => !State.Identities.Contains(k)) is { } notHeld)
            {
                return new SplitResult(SplitStatus.Refused, $"{notHeld} is not a contact point of {IndividualId}");
            }

            if (away.Length == 0 || State.Identities.All(away.Contains))
            {
                return new SplitResult(SplitStatus.Refused, "at least one contact point must stay with the individual and one must leave");
            }

            var history = await log.ReadAfterAsync(IndividualId, 0);
            var plan = SplitPlan.Of(history, away.ToHashSet(StringComparer.Ordinal), State.Absorbed.Keys);

            // The individual merged in earlier that most of the split-off events came from gets its id back; with none, a new one.
            var awayId = plan.AwayAbsorbed.Count > 0 ? plan.AwayAbsorbed[0] : IndividualResolver.NewIndividualId();
            var at = time.GetUtcNow();
            State.PendingSplit = new PendingSplit(awayId, away, at, plan.AwayAbsorbed);
            State.Separations.Add(new Separation(awayId, away, at, State.Identities.Where(k => !away.Contains(k)).ToArray()));
            MarkChanged(1);
            await WriteSnapshotAsync();
            return await CompleteSplitAsync(history);
        }
        catch
        {
            // What is stored (the pending split, the other side's events) is completed by a fresh activation.
            Discard();
            throw;
        }
    }

    // history: the individual's whole log as it stands (the caller has just read it).
    private async Task<SplitResult> CompleteSplitAsync(IReadOnlyList<StoredEvent> history)
    {
        var pending = State.PendingSplit!;
        var awayKeys = pending.AwayKeys.ToHashSet(StringComparer.Ordinal);
        var plan = SplitPlan.Of(history, awayKeys, State.Absorbed.Keys, pending.AwayAbsorbed);
        var movedAbsorbed = plan.AwayAbsorbed.Append(pending.AwayId).ToHashSet(StringComparer.Ordinal);
        var kept = State.Identities.Where(k => !awayKeys.Contains(k)).ToArray();

        // An earlier separation goes with the contact points it was made for: to the other side, here, or both.
        var earlier = State.Separations.Where(s => s.Counterpart != pending.AwayId).ToArray();
        var leaving = earlier.Where(s => s.Against is null || s.Against.Any(awayKeys.Contains))
            .Select(s => new SeparationView(s.Counterpart, s.Keys, s.At, s.Against?.Where(awayKeys.Contains).ToArray()))
            .ToArray();
        var handover = new SplitHandover(
            pending.AwayKeys,
            plan.Away,
            State.Absorbed.Where(a => movedAbsorbed.Contains(a.Key) && a.Key != pending.AwayId).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
            kept,
            pending.At,
            leaving);
        if (!await GrainFactory.GetGrain<IIndividualGrain>(pending.AwayId).TakeSplitAsync(IndividualId, handover))
        {
            throw new InvalidOperationException($"{pending.AwayId} is another live individual and cannot take what is split off {IndividualId}.");
        }

        // Lookups and new events by the split-off contact points find the other side from here on.
        var owners = State.Absorbed.Keys.Prepend(IndividualId).ToArray();
        await Task.WhenAll(pending.AwayKeys.Select(key =>
            GrainFactory.GetGrain<IIdentityGrain>(IdentityKey.GrainKey(key)).RelinkAsync(owners, pending.AwayId)));
        await Task.WhenAll(State.Absorbed.Keys.Where(a => a != pending.AwayId).Select(a =>
            GrainFactory.GetGrain<IIndividualGrain>(a).MoveRedirectAsync(movedAbsorbed.Contains(a) ? pending.AwayId : IndividualId)));

        await log.DeleteEventsAsync(IndividualId, plan.Away.Select(e => e.Sequence).ToArray());
        foreach (var moved in movedAbsorbed)
        {
            State.Absorbed.Remove(moved);
        }

        State.Identities.ExceptWith(awayKeys);
        foreach (var separation in earlier.Where(s => s.Against is { } against && against.All(awayKeys.Contains)))
        {
            State.Separations.Remove(separation);
        }

        for (var i = 0; i < State.Separations.Count; i++)
        {
            if (State.Separations[i] is { Against: { } against } separation && against.Any(awayKeys.Contains))
            {
                State.Separations[i] = separation with { Against = against.Where(k => !awayKeys.Contains(k)).ToArray() };
            }
        }

        State.SplitFrom[pending.AwayId] = pending.At;
        if (!State.Separations.Exists(s => s.Counterpart == pending.AwayId))
        {
            State.Separations.Add(new Separation(pending.AwayId, pending.AwayKeys, pending.At));
        }

        State.PendingSplit = null;
        await RefoldAfterSplitAsync();
        LogSplit(logger, IndividualId, pending.AwayId, plan.Away.Count);
        return new SplitResult(SplitStatus.Split, null, pending.AwayId, plan.Away.Count, State.EventCount);
    }

    async Task<bool> IIndividualGrain.TakeSplitAsync(string fromId, SplitHandover handover)
    {
        var fresh = State.MergedInto is not null || (State.EventCount == 0 && State.Identities.Count == 0);
        if (!fresh && !State.SplitFrom.ContainsKey(fromId))
        {
            return false;
        }

        try
        {
            if (fresh && !State.SplitFrom.ContainsKey(fromId))
            {
                // A merged-away individual (or a new id) becomes a person again, holding only what the split hands it.
                _snapshotTimer?.Dispose();
                _snapshotTimer = null;
                snapshot.State = new IndividualState();
            }

            State.Identities.UnionWith(handover.Identities);
            foreach (var (absorbed, at) in handover.Absorbed)
            {
                State.Absorbed.TryAdd(absorbed, at);
            }

            State.SplitFrom[fromId] = handover.At;
            if (!State.Separations.Exists(s => s.Counterpart == fromId))
            {
                State.Separations.Add(new Separation(fromId, handover.KeptApart, handover.At, handover.Identities));
            }

            foreach (var earlier in handover.Separations ?? [])
            {
                Separation.Add(State.Separations, new Separation(earlier.IndividualId, earlier.Identities, earlier.SplitAt, earlier.Against));
            }

            // Stored before the events: after a crash between the two, a replay must know the rows under the other
            // side's id came from this split, not from a merge to complete (asking the other side, which may be
            // activating to complete this very split, waited on it: the model test hung there, seed 3).
            MarkChanged(1);
            await WriteSnapshotAsync();

            // Each event keeps its origin (an event first acknowledged for the other side is under its id), so a
            // repeated hand-over inserts nothing.
            await log.CopyAsync(IndividualId, fromId, handover.Events);
            await RefoldAfterSplitAsync();
            return true;
        }
        catch
        {
            Discard();
            throw;
        }
    }

    // Everything derived from the log is folded again from what the log now holds; the memberships that follow are
    // published (exits and enters on the feed and to destinations), and the snapshot written.
    private async Task RefoldAfterSplitAsync()
    {
        // This silo's copy of the definitions is refreshed every second; a split is rare and must not fold against
        // a measure deleted a moment ago (the model test found one on a silo no individual had asked since).
        await definitions.RefreshAsync();
        var active = definitions.Current;
        await SyncAsync(active);
        var now = time.GetUtcNow();
        await RebuildFromLogAsync(active, now);
        if (State.EventCount > 0)
        {
            await RefreshAsync(active);
        }
        else if (State.Memberships.Count > 0)
        {
            // No event left: nothing is evaluated, every segment is left.
            await memberships.ApplyAsync(IndividualId, State.Memberships.Keys.Select(s => new MembershipChange(s, false, now)).ToArray());
            State.Memberships.Clear();
            _membershipsUnverified = false;
        }

        MarkChanged(1);
        await WriteSnapshotAsync();
    }

    async Task IIndividualGrain.MoveRedirectAsync(string survivorId)
    {
        if (State.MergedInto is { } current && current != survivorId && survivorId != IndividualId)
        {
            State.MergedInto = survivorId;
            MarkChanged(1);
            await WriteSnapshotAsync();
        }
    }

    async Task<int> IIndividualGrain.LiftSeparationsAsync(IReadOnlyList<string>? fromIds)
    {
        if (State.MergedInto is not null)
        {
            return 0;
        }

        var lifted = State.Separations.Where(s => fromIds is null || fromIds.Contains(s.Counterpart, StringComparer.Ordinal)).ToArray();
        if (lifted.Length == 0)
        {
            return 0;
        }

        State.Separations.RemoveAll(lifted.Contains);
        MarkChanged(1);
        await WriteSnapshotAsync();
        if (fromIds is null)
        {
            // The other side's record of each: its individual now, whoever that was merged into since.
            var ours = State.Absorbed.Keys.Append(IndividualId).ToArray();
            foreach (var counterpart in lifted.Select(s => s.Counterpart).Distinct(StringComparer.Ordinal))
            {
                var current = await GrainFactory.SurvivorOfAsync(counterpart);
                await GrainFactory.GetGrain<IIndividualGrain>(current).LiftSeparationsAsync(ours);
            }
        }

        return lifted.Length;
    }

    private async Task CompletePendingSplitAsync()
    {
        if (State.MergedInto is null && State.PendingSplit is not null)
        {
            LogSplitCompleted(logger, IndividualId, State.PendingSplit.AwayId);
            await CompleteSplitAsync(await log.ReadAfterAsync(IndividualId, 0));
        }
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information,
        Message = "Split {AwayId} off individual {IndividualId}: {Events} events moved")]
    private static partial void LogSplit(Microsoft.Extensions.Logging.ILogger logger, string individualId, string awayId, int events);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Individual {IndividualId} completes the split of {AwayId} that its previous activation did not finish")]
    private static partial void LogSplitCompleted(Microsoft.Extensions.Logging.ILogger logger, string individualId, string awayId);
}
