using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Measures;
using EngagementGrains.Core.Profiles;
using EngagementGrains.Core.Segments;

namespace EngagementGrains.Core.Individuals;

/// <summary>
/// An individual's rules as one aggregate: given its state, stored events (new, replayed, or copied from a
/// merged individual) or none, the definitions in force and the instant, it folds the state and says which
/// memberships change and when time alone next changes something. Live ingest, replay, backfill, wake-ups
/// and merges all step through here; the grain only loads, stores, fences and answers.
/// </summary>
public sealed class IndividualRules(ProfileFolding profile)
{
    /// <summary>
    /// Measures whose definition is new or changed since this state last folded them (deleted ones are
    /// dropped). Their values need the individual's history: pass it to <see cref="Recompute"/>.
    /// </summary>
    public static IReadOnlyList<string> StaleMeasures(IndividualState state, ActiveDefinitions definitions) =>
        MeasureFolding.Stale(state, definitions.Measures);

    /// <summary>Recomputes the named measures from the individual's whole history as of <paramref name="now"/>.</summary>
    public static void Recompute(IndividualState state, ActiveDefinitions definitions, IReadOnlyCollection<string> stale, IEnumerable<StoredEvent> history, DateTimeOffset now) =>
        MeasureFolding.Recompute(state, definitions.Measures, stale, history, now);

    /// <summary>Folds events into the profile and measures without evaluating segments (a replay before the first step).</summary>
    public void Fold(IndividualState state, IEnumerable<StoredEvent> events, ActiveDefinitions definitions, DateTimeOffset now, ISet<string>? touched = null)
    {
        foreach (var stored in events)
        {
            profile.Apply(state, stored);
            MeasureFolding.Apply(state, definitions.Measures, stored, now, touched);
        }
    }

    /// <summary>
    /// One step: folds <paramref name="events"/> (none when only time passed or definitions changed),
    /// refreshes the measures they touched (all of them when <paramref name="refreshAll"/> or a wake-up is
    /// due), and evaluates the segments against the state as of <paramref name="now"/>: every one when
    /// <paramref name="evaluateAll"/>, else only those whose inputs this step changed. Pass
    /// <paramref name="evaluateAll"/> whenever the memberships may not record an evaluation of these definitions
    /// against the values before this step (definitions changed, a replay or merge folded events). A person's
    /// first step (no event, membership or measure state before it) is always taken against that empty start.
    /// </summary>
    public IndividualOutcome Step(IndividualState state, IReadOnlyList<StoredEvent> events, ActiveDefinitions definitions, DateTimeOffset now, bool refreshAll, bool evaluateAll = true)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        var wasEmpty = state.EventCount == 0;

        // A person's first events start from nothing: no event, no membership, every measure empty. Against that
        // known start only the segments they move need evaluating, whatever the definitions did before.
        var fromNothing = wasEmpty && state.Memberships.Count == 0 && state.Measures.Count == 0;

        // A due wake-up means some untouched window has moved since the last refresh: refresh everything.
        var refreshEvery = refreshAll || (state.ScheduledWakeAt is { } due && due <= now);
        Fold(state, events, definitions, now, touched);
        var changed = fromNothing ? new ChangedInputs { Profile = events.Count > 0, FromNothing = true }
            : evaluateAll || wasEmpty ? null
            : new ChangedInputs { Profile = events.Count > 0 };
        if (refreshEvery)
        {
            MeasureFolding.Refresh(state, definitions.Measures, now, changed: changed?.Measures);
        }
        else if (touched.Count > 0)
        {
            MeasureFolding.Refresh(state, definitions.Measures, now, touched, changed?.Measures);
        }

        IReadOnlyList<string> dropped = [];
        var changes = state.EventCount == 0 ? [] : SegmentFolding.Evaluate(state, definitions.Segments, definitions.Measures, now, changed, out dropped);
        return new IndividualOutcome(changes, MeasureFolding.NextChange(state, definitions.Measures, now), dropped);
    }

    /// <summary>Takes recorded membership changes into the state.</summary>
    public static void Commit(IndividualState state, IndividualOutcome outcome) => SegmentFolding.Apply(state, outcome.Changes);
}
