using System.Text.Json;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Segments;
using EngagementGrains.Core.Individuals;
using EngagementGrains.Core.Measures;
using EngagementGrains.Core.Profiles;

using static EngagementGrains.Core.Tests.Measures.MeasureStateSteps;

namespace EngagementGrains.Core.Tests.Measures;

/// <summary>
/// A snapshot leaves out windows larger than a bound; the activation that loads it recomputes them from the log and
/// ends exactly where a state that kept them would be.
/// </summary>
public sealed class SnapshotWindowsTests
{
    private static readonly DateTimeOffset s_now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly IndividualRules _rules = new(new ProfileFolding(EventCatalog.Default));

    private static readonly ActiveDefinitions s_active = new(
        new DefinitionSet(3, [
            Definition("opens", """{"event":"EmailOpened","aggregate":"count","within":"30d"}""", 1),
            Definition("clicks", """{"event":"EmailClicked","aggregate":"count","within":"30d"}""", 2),
            Definition("spent", """{"event":"Purchase","aggregate":"sum","field":"amount","within":"90d"}""", 3)]),
        new DefinitionSet(2, [
            Definition("opened_4", """{"measure":"opens","gte":4}""", 1),
            Definition("opened_lately", """{"event":"EmailOpened","within":"7d"}""", 2)]));

    [Fact]
    public void Windows_over_the_bound_are_left_out_and_recomputed_from_the_log_to_the_same_values_and_memberships()
    {
        var history = new List<StoredEvent>();
        for (var i = 1; i <= 6; i++)
        {
            history.Add(Event(i, "EmailOpened", s_now.AddDays(-i)));
        }

        history.Add(Event(7, "EmailClicked", s_now.AddHours(-3)));
        history.Add(Event(8, "Purchase", s_now.AddDays(-2), """{"amount":12.5}"""));
        var kept = new IndividualState();
        Sync(kept, []);
        Step(kept, [.. history]);

        var stored = SnapshotWindows.Compact(kept, maxEntries: 3);

        // The stored form lacks the two six-entry windows (the measure and the segment's own), not the small ones,
        // and says the measures are not synced; the live state is untouched.
        Assert.Equal(["clicks", "spent"], stored.Measures.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, stored.MeasuresSyncedTo);
        Assert.Equal(0, stored.SegmentsSyncedTo);
        Assert.Contains("opens", kept.Measures.Keys);
        Assert.NotEqual(0, kept.MeasuresSyncedTo);

        // Loaded by an activation that then folds two more events (the log rows after the snapshot), then syncs
        // from the whole log, as the grain does; the kept state takes the same two events.
        var loaded = JsonSerializer.Deserialize<IndividualState>(JsonSerializer.Serialize(stored))!;
        StoredEvent[] after = [Event(9, "EmailOpened", s_now.AddHours(-1)), Event(10, "Purchase", s_now.AddHours(-1), """{"amount":"7.5"}""")];
        _rules.Fold(loaded, after, s_active, s_now);
        Sync(loaded, [.. history, .. after]);
        Step(loaded);
        Step(kept, after);

        Assert.Equal(Values(kept), Values(loaded));
        Assert.Equal("7", MeasureFolding.Value(loaded, s_active.Measures, "opens"));
        Assert.Equal("20.0", MeasureFolding.Value(loaded, s_active.Measures, "spent"));
        Assert.Equal(kept.Memberships.Keys.Order(StringComparer.Ordinal), loaded.Memberships.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["opened_4", "opened_lately"], loaded.Memberships.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_state_with_no_window_over_the_bound_is_stored_as_it_is()
    {
        var state = new IndividualState();
        Sync(state, []);
        Step(state, Event(1, "EmailOpened", s_now.AddDays(-1)), Event(2, "EmailOpened", s_now.AddDays(-2)));

        Assert.Same(state, SnapshotWindows.Compact(state, maxEntries: 2));
    }

    private static string[] Values(IndividualState state) =>
        s_active.Measures.Measures.Keys.Order(StringComparer.Ordinal).Select(name => $"{name}={MeasureFolding.Value(state, s_active.Measures, name)}").ToArray();

    private void Step(IndividualState state, params StoredEvent[] events) => MeasureStateSteps.Step(_rules, state, s_active, s_now, events);

    private static void Sync(IndividualState state, IReadOnlyList<StoredEvent> history) => MeasureStateSteps.Sync(state, s_active, history, s_now);
}
