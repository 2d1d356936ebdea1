using EngagementGrains.Abstractions.Suppression;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Abstractions.Identity;
using EngagementGrains.Abstractions.Individuals;
using EngagementGrains.Core.Identity;
using EngagementGrains.Core.Measures;
using EngagementGrains.Core.Profiles;
using EngagementGrains.Core.Segments;

namespace EngagementGrains.Grains.Individuals;

// Identity resolution on the individual: admitting contact points within the rules' limits, merging
// another individual into this one, and erasure. A survivor's id always sorts before the individual it
// absorbs and a surrendering individual calls no other individual, so merges cannot deadlock.
public sealed partial class IndividualGrain
{
    Task<string?> IIndividualGrain.GetSurvivorAsync() => Task.FromResult(State.MergedInto);

    Task<AdmitResult> IIndividualGrain.AdmitIdentitiesAsync(IReadOnlyList<string> identityKeys, IReadOnlyList<string> mustFit)
    {
        if (State.MergedInto is { } survivor)
        {
            return Task.FromResult(new AdmitResult([], survivor));
        }

        // A contact point an operator split off this individual is another person's: never taken on again.
        var offered = State.Separations.Count == 0 ? identityKeys : identityKeys.Where(k => !Separation.Blocks(State.Separations, [k])).ToArray();
        var admitted = identityRules.Value.Admit(State.Identities, offered);
        if (mustFit.Any(k => !admitted.Contains(k, StringComparer.Ordinal)))
        {
            return Task.FromResult(new AdmitResult([], Refused: true));
        }

        var added = admitted.Count(State.Identities.Add);
        if (added > 0 && State.EventCount > 0)
        {
            MarkChanged(1);
        }

        return Task.FromResult(new AdmitResult(admitted));
    }

    async Task<MergeResult> IIndividualGrain.AbsorbAsync(string otherId)
    {
        if (State.MergedInto is { } survivor)
        {
            return new MergeResult(MergeStatus.Moved, survivor);
        }

        if (otherId == IndividualId || State.Absorbed.ContainsKey(otherId))
        {
            return new MergeResult(MergeStatus.Merged);
        }

        if (string.CompareOrdinal(otherId, IndividualId) < 0)
        {
            // The older id survives; asking the other way round keeps merges from waiting on each other.
            return new MergeResult(MergeStatus.Refused, $"{otherId} sorts first and must be the survivor");
        }

        SurrenderResult surrendered;
        try
        {
            surrendered = await GrainFactory.GetGrain<IIndividualGrain>(otherId)
                .SurrenderAsync(IndividualId, State.Identities.ToArray(), State.Absorbed.Count, KeptApart());
        }
        catch
        {
            // The other side may have copied events into our log already: rebuild from it on the next call.
            DeactivateOnIdle();
            throw;
        }

        if (surrendered.Outcome.Status != MergeStatus.Merged)
        {
            return surrendered.Outcome;
        }

        try
        {
            var active = definitions.Current;
            await SyncAsync(active);
            var now = time.GetUtcNow();

            // The other's separations first: its events may carry contact points split off it, which are not ours either.
            TakeOverSeparations(surrendered);
            rules.Fold(State, surrendered.Copied, active, now);

            TakeOver(otherId, surrendered, now);

            LogMerged(logger, otherId, IndividualId, surrendered.Copied.Count);
            if (State.EventCount > 0)
            {
                await RefreshAsync(active);
            }

            MarkChanged(Math.Max(1, surrendered.Copied.Count));
            await WriteSnapshotAsync();
        }
        catch
        {
            // The copied events are in our log: a fresh activation folds them from there.
            Discard();
            throw;
        }

        var previousOwners = surrendered.Absorbed.Append(otherId).ToArray();
        await Task.WhenAll(surrendered.Identities.Select(key =>
            GrainFactory.GetGrain<IIdentityGrain>(Core.Identity.IdentityKey.GrainKey(key)).RelinkAsync(previousOwners, IndividualId)));
        return new MergeResult(MergeStatus.Merged);
    }

    private void TakeOver(string otherId, SurrenderResult surrendered, DateTimeOffset now)
    {
        State.Identities.UnionWith(surrendered.Identities);
        State.Conflicts.RemoveAll(c => State.Identities.Contains(c.IdentityKey));
        foreach (var absorbed in surrendered.Absorbed.Append(otherId))
        {
            State.Absorbed.TryAdd(absorbed, now);
        }

        TakeOverSeparations(surrendered);
    }

    // What was split off the other stays apart from the survivor too, and is none of its contact points.
    private void TakeOverSeparations(SurrenderResult surrendered)
    {
        foreach (var separation in surrendered.Separations ?? [])
        {
            Separation.Add(State.Separations, new Separation(separation.IndividualId, separation.Identities, separation.SplitAt, separation.Against));
            State.SplitFrom.TryAdd(separation.IndividualId, separation.SplitAt);
        }

        if (State.Separations.Count > 0)
        {
            State.Identities.RemoveWhere(k => Separation.Blocks(State.Separations, [k]));
        }
    }

    /// <summary>Every contact point this individual may not merge with: those split off it.</summary>
    private string[] KeptApart() => State.Separations.SelectMany(s => s.Keys).Distinct(StringComparer.Ordinal).ToArray();

    private SeparationView[] SeparationViews() =>
        State.Separations.Select(s => new SeparationView(s.Counterpart, s.Keys, s.At, s.Against)).ToArray();

    /// <summary>
    /// Replayed events copied from an individual this one does not know it absorbed mean a merge whose last
    /// steps were lost with the process (the copy and the other's redirect are durable, this side's record is
    /// not). The other side is asked again; it answers from its redirect, and the merge is completed here:
    /// its contact points and merged individuals, so lookups, the identity graph and erasure include them.
    /// </summary>
    private async Task CompleteLostMergesAsync(IReadOnlyList<StoredEvent> replayed)
    {
        var origins = replayed
            .Select(e => e.Origin)
            .OfType<string>()
            .Where(o => o.Length > 0 && o != IndividualId && !State.SplitFrom.ContainsKey(o))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        // Lazily filtered: an origin taken over with an earlier one (merged into it before) is skipped.
        foreach (var origin in origins.Where(o => !State.Absorbed.ContainsKey(o)))
        {
            var surrendered = await GrainFactory.GetGrain<IIndividualGrain>(origin)
                .SurrenderAsync(IndividualId, State.Identities.ToArray(), State.Absorbed.Count, KeptApart());
            if (surrendered.Outcome.Status != MergeStatus.Merged)
            {
                continue;
            }

            TakeOver(origin, surrendered, time.GetUtcNow());
            var previousOwners = surrendered.Absorbed.Append(origin).ToArray();
            await Task.WhenAll(surrendered.Identities.Select(key =>
                GrainFactory.GetGrain<IIdentityGrain>(Core.Identity.IdentityKey.GrainKey(key)).RelinkAsync(previousOwners, IndividualId)));
            LogMergeCompleted(logger, origin, IndividualId);
        }
    }

    async Task<SurrenderResult> IIndividualGrain.SurrenderAsync(string survivorId, IReadOnlyList<string> survivorIdentities, int survivorAbsorbed, IReadOnlyList<string> survivorKeptApart)
    {
        if (State.MergedInto is { } merged)
        {
            if (merged != survivorId)
            {
                return new SurrenderResult(new MergeResult(MergeStatus.Moved, merged), [], [], []);
            }

            // A retry after a crash between the redirect and the clean-up, or a survivor completing a merge it
            // lost with its process: the redirect kept what the survivor must take over.
            await log.DeleteIndividualAsync(IndividualId);
            return new SurrenderResult(new MergeResult(MergeStatus.Merged), [], State.Identities.ToArray(), State.Absorbed.Keys.ToArray(), SeparationViews());
        }

        if (Separation.Blocks(State.Separations, survivorIdentities) || survivorKeptApart.Any(State.Identities.Contains))
        {
            return new SurrenderResult(new MergeResult(MergeStatus.Refused, "an operator split these individuals apart"), [], [], []);
        }

        if (identityRules.Value.CheckMerge(survivorIdentities, survivorAbsorbed, State.Identities, State.Absorbed.Count) is { } reason)
        {
            return new SurrenderResult(new MergeResult(MergeStatus.Refused, reason), [], [], []);
        }

        // Copy first, redirect second: a crash in between leaves both whole, and the retry copies nothing twice.
        // Each copy keeps its origin, so an eventId both individuals used is kept for each of them.
        var history = await log.ReadAfterAsync(IndividualId, 0);
        var sequences = history.Count == 0 ? [] : await log.CopyAsync(survivorId, IndividualId, history);
        var copied = history.Select((h, i) => sequences[i] is long sequence
                ? new StoredEvent(sequence, h.Event, h.Origin is { Length: > 0 } origin ? origin : IndividualId)
                : null)
            .OfType<StoredEvent>()
            .ToArray();
        var identities = State.Identities.ToArray();
        var absorbed = State.Absorbed.Keys.ToArray();
        var now = time.GetUtcNow();
        if (State.Memberships.Count > 0)
        {
            await memberships.ApplyAsync(IndividualId, State.Memberships.Keys.Select(s => new MembershipChange(s, false, now)).ToArray());
        }

        _snapshotTimer?.Dispose();
        _snapshotTimer = null;
        snapshot.State = new IndividualState
        {
            MergedInto = survivorId,
            MergedAt = now,
            LogPosition = State.LogPosition,
            Identities = new HashSet<string>(identities, StringComparer.Ordinal),
            Absorbed = new Dictionary<string, DateTimeOffset>(State.Absorbed, StringComparer.Ordinal),
            Separations = [.. State.Separations],
        };
        await snapshot.WriteStateAsync();
        _unsnapshotted = 0;
        await log.DeleteIndividualAsync(IndividualId);
        return new SurrenderResult(new MergeResult(MergeStatus.Merged), copied, identities, absorbed, SeparationViews());
    }

    Task<IdentityGraphView?> IIndividualGrain.GetIdentityGraphAsync()
    {
        if (State.MergedInto is not null || (State.EventCount == 0 && State.Identities.Count == 0))
        {
            return Task.FromResult<IdentityGraphView?>(null);
        }

        return Task.FromResult<IdentityGraphView?>(new IdentityGraphView(
            IndividualId,
            State.Identities.Order(StringComparer.Ordinal).ToArray(),
            State.Absorbed.OrderBy(a => a.Value).Select(a => new MergedIndividualView(a.Key, a.Value)).ToArray(),
            State.Conflicts.Select(c => c.IdentityKey).Distinct(StringComparer.Ordinal).ToArray(),
            SeparationViews()));
    }

    async Task<ErasureResult> IIndividualGrain.EraseAsync(bool suppress)
    {
        if (State.MergedInto is not null)
        {
            return new ErasureResult([], [], 0);
        }

        var individuals = State.Absorbed.Keys.Prepend(IndividualId).ToArray();
        var keys = State.Identities.ToArray();
        var hashed = keys.Select(Core.Identity.IdentityKey.GrainKey).ToArray();
        // Contact points first: once they are suppressed (or forgotten) no new event can find this person.
        var forgotten = await Task.WhenAll(hashed.Select(k => GrainFactory.GetGrain<IIdentityGrain>(k).ForgetAsync(individuals, suppress)));
        if (suppress)
        {
            await GrainFactory.GetGrain<ISuppressionListGrain>(0).AddAsync(hashed.Where((_, i) => forgotten[i]).ToArray(), time.GetUtcNow());
        }

        await Task.WhenAll(State.Absorbed.Keys.Select(a => GrainFactory.GetGrain<IIndividualGrain>(a).ForgetAsync()));
        var events = await ForgetSelfAsync();
        await scrub.ScrubAsync();
        DeactivateOnIdle();
        return new ErasureResult(individuals, keys.Where((_, i) => forgotten[i]).ToArray(), events, suppress);
    }

    async Task IIndividualGrain.ForgetAsync()
    {
        await ForgetSelfAsync();
        DeactivateOnIdle();
    }

    private async Task<int> ForgetSelfAsync()
    {
        var events = await log.DeleteIndividualAsync(IndividualId);
        await memberships.ForgetAsync(IndividualId, time.GetUtcNow());
        _snapshotTimer?.Dispose();
        _snapshotTimer = null;
        await snapshot.ClearStateAsync();
        snapshot.State = new IndividualState();
        _unsnapshotted = 0;
        _membershipsUnverified = false;
        return events;
    }

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Warning,
        Message = "Individual {Survivor} completed the merge of {Other} that its previous activation did not record")]
    private static partial void LogMergeCompleted(Microsoft.Extensions.Logging.ILogger logger, string other, string survivor);

    [Microsoft.Extensions.Logging.LoggerMessage(Level = Microsoft.Extensions.Logging.LogLevel.Information,
        Message = "Merged individual {Other} into {Survivor}: {Copied} events copied")]
    private static partial void LogMerged(Microsoft.Extensions.Logging.ILogger logger, string other, string survivor, int copied);
}
