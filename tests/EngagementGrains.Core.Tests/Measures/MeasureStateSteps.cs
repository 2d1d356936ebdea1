using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Individuals;
using EngagementGrains.Core.Profiles;
using EngagementGrains.Core.Segments;

namespace EngagementGrains.Core.Tests.Measures;

/// <summary>What the grain does to an individual's state, step by step, for the measure-state tests: definitions, events, the sync and the step.</summary>
internal static class MeasureStateSteps
{
    public static Definition Definition(string name, string json, long version) =>
        new() { Name = name, Json = json, Version = version, Created = version, UpdatedAt = DateTimeOffset.UnixEpoch };

    public static StoredEvent Event(long sequence, string type, DateTimeOffset occurredAt, string attributes = "{}") =>
        new(sequence, new EngagementEvent { EventId = "e" + sequence, Type = type, OccurredAt = occurredAt, Channel = "x", AttributesJson = attributes });

    /// <summary>Recomputes from <paramref name="history"/> every measure the state is not up to date with, as the grain's sync does.</summary>
    public static void Sync(IndividualState state, ActiveDefinitions active, IReadOnlyList<StoredEvent> history, DateTimeOffset now)
    {
        var stale = IndividualRules.StaleMeasures(state, active);
        if (stale.Count > 0)
        {
            IndividualRules.Recompute(state, active, stale, history, now);
        }
    }

    /// <summary>One step with every measure refreshed, committed to the state.</summary>
    public static IndividualOutcome Step(IndividualRules rules, IndividualState state, ActiveDefinitions active, DateTimeOffset now, params StoredEvent[] events)
    {
        var outcome = rules.Step(state, events, active, now, refreshAll: true);
        IndividualRules.Commit(state, outcome);
        return outcome;
    }
}
