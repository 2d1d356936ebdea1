using System.Text.Json;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Conditions;
using EngagementGrains.Core.Individuals;
using EngagementGrains.Core.Measures;
using EngagementGrains.Core.Profiles;
using EngagementGrains.Core.Segments;

using static EngagementGrains.Core.Tests.Measures.MeasureStateSteps;

namespace EngagementGrains.Core.Tests.Measures;

/// <summary>
/// An individual keeps a measure state only for measures an event of theirs counts for: an absent state reads
/// as the empty value everywhere, and a person's state does not grow with definitions they never match.
/// </summary>
public sealed class LazyMeasureStateTests
{
    private static readonly DateTimeOffset s_now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly IndividualRules _rules = new(new ProfileFolding(EventCatalog.Default));

    [Fact]
    public void A_measure_with_no_matching_event_reads_as_its_empty_value_and_holds_no_state()
    {
        var active = Measures(1,
            ("opens", """{"event":"EmailOpened","aggregate":"count","within":"30d"}""", 1),
            ("spent", """{"event":"Purchase","aggregate":"sum","field":"amount"}""", 1),
            ("basket", """{"event":"Purchase","aggregate":"avg","field":"amount","within":"7d"}""", 1),
            ("lastOpen", """{"event":"EmailOpened","aggregate":"last"}""", 1),
            ("tags", """{"event":"EmailOpened","aggregate":"distinct","field":"tag"}""", 1));
        var state = new IndividualState();
        Sync(state, active, []);
        Step(state, active, Event(1, "EmailSent", s_now.AddHours(-1)));

        Assert.Empty(state.Measures);
        var profile = ProfileProjection.ToView("p", state, active.Measures, s_now)!;
        Assert.Equal("0", profile.Measures["opens"].ValueJson);
        Assert.Equal("0", profile.Measures["spent"].ValueJson);
        Assert.Equal("null", profile.Measures["basket"].ValueJson);
        Assert.Equal("null", profile.Measures["lastOpen"].ValueJson);
        Assert.Equal("0", profile.Measures["tags"].ValueJson);
    }

    [Fact]
    public void A_segment_reads_an_absent_measure_as_its_empty_value()
    {
        var active = new ActiveDefinitions(
            new DefinitionSet(1, [Definition("opens", """{"event":"EmailOpened","aggregate":"count"}""", 1)]),
            new DefinitionSet(2, [
                Definition("never_opened", """{"measure":"opens","eq":0}""", 1),
                Definition("no_purchase", """{"not":{"event":"Purchase","within":"30d"}}""", 2)]));
        var state = new IndividualState();
        Sync(state, active, []);
        var outcome = Step(state, active, Event(1, "EmailSent", s_now.AddHours(-1)));

        Assert.Empty(state.Measures);
        Assert.Contains(outcome.Changes, c => c.Segment == "never_opened" && c.Entered);
        Assert.Contains(outcome.Changes, c => c.Segment == "no_purchase" && c.Entered);
        var explanation = SegmentEvaluator.Explain(active.Segments.Segments["never_opened"].Spec.Root,
            new StateSegmentContext(state, active.Measures, new Dictionary<string, bool>()));
        Assert.Equal("0", explanation.ValueJson);
    }

    [Fact]
    public void A_persons_state_does_not_grow_with_definitions_they_never_match()
    {
        var one = Measures(1, ("opens", """{"event":"EmailOpened","aggregate":"count","within":"30d"}""", 1));
        var state = new IndividualState();
        var history = new List<StoredEvent> { Event(1, "EmailOpened", s_now.AddDays(-1)), Event(2, "EmailOpened", s_now.AddHours(-2)) };
        Sync(state, one, []);
        Step(state, one, history.ToArray());
        var before = JsonSerializer.Serialize(state).Length;

        var many = Measures(2, [("opens", """{"event":"EmailOpened","aggregate":"count","within":"30d"}""", 1),
            .. Enumerable.Range(0, 500).Select(i => ($"sms{i:000}", $$"""{"event":"SmsLinkClicked","aggregate":"count","within":"{{1 + i % 90}}d"}""", 2L))]);
        Sync(state, many, history);
        Step(state, many);

        Assert.Equal(new[] { "opens" }, state.Measures.Keys);
        Assert.Equal("2", MeasureFolding.Value(state, many.Measures, "opens"));
        Assert.Equal("0", MeasureFolding.Value(state, many.Measures, "sms123"));
        Assert.InRange(JsonSerializer.Serialize(state).Length, before - 16, before + 16);
    }

    [Fact]
    public void A_measure_defined_after_the_events_is_recomputed_from_the_history()
    {
        var first = Measures(1, ("opens", """{"event":"EmailOpened","aggregate":"count"}""", 1));
        var state = new IndividualState();
        var history = new List<StoredEvent> { Event(1, "Purchase", s_now.AddDays(-2), """{"amount":12.5}"""), Event(2, "EmailOpened", s_now.AddDays(-1)) };
        Sync(state, first, []);
        Step(state, first, history.ToArray());
        Assert.DoesNotContain("spent", state.Measures.Keys);

        // Defined later: the person's absent state is not known to be empty, so it is recomputed.
        var second = Measures(2, ("opens", """{"event":"EmailOpened","aggregate":"count"}""", 1), ("spent", """{"event":"Purchase","aggregate":"sum","field":"amount"}""", 2));
        Assert.Equal(new[] { "spent" }, IndividualRules.StaleMeasures(state, second));
        Sync(state, second, history);
        Step(state, second);
        Assert.Equal("12.5", MeasureFolding.Value(state, second.Measures, "spent"));
    }

    [Fact]
    public void Going_back_to_an_older_set_does_not_take_a_dropped_state_for_an_empty_one()
    {
        // A silo a second behind holds the definitions before a delete: the state dropped with the delete
        // must be recomputed there, not read as 0.
        var withOpens = Measures(1, ("opens", """{"event":"EmailOpened","aggregate":"count"}""", 1));
        var state = new IndividualState();
        var history = new[] { Event(1, "EmailOpened", s_now.AddDays(-1)) };
        Sync(state, withOpens, []);
        Step(state, withOpens, history);
        Sync(state, Measures(2), history);
        Assert.Empty(state.Measures);

        Assert.Equal(new[] { "opens" }, IndividualRules.StaleMeasures(state, withOpens));
        Sync(state, withOpens, history);
        Step(state, withOpens);
        Assert.Equal("1", MeasureFolding.Value(state, withOpens.Measures, "opens"));
    }

    [Fact]
    public void An_event_of_a_measure_new_to_the_person_is_left_to_the_recompute()
    {
        // As a replay folds the log before the definitions are synced: folding into a state created now
        // would miss the person's older events.
        var none = Measures(1);
        var state = new IndividualState();
        var older = Event(1, "EmailOpened", s_now.AddDays(-3));
        Sync(state, none, []);
        Step(state, none, older);

        var withOpens = Measures(2, ("opens", """{"event":"EmailOpened","aggregate":"count"}""", 2));
        var newer = Event(2, "EmailOpened", s_now.AddDays(-1));
        _rules.Fold(state, [newer], withOpens, s_now);
        Assert.Empty(state.Measures);
        Sync(state, withOpens, [older, newer]);
        Step(state, withOpens);
        Assert.Equal("2", MeasureFolding.Value(state, withOpens.Measures, "opens"));
    }

    [Fact]
    public void A_sliding_state_whose_events_all_left_is_dropped_and_its_change_reported()
    {
        var active = Measures(1, ("recent", """{"event":"EmailOpened","aggregate":"count","within":"1h"}""", 1));
        var state = new IndividualState();
        Sync(state, active, []);
        Step(state, active, Event(1, "EmailOpened", s_now.AddMinutes(-30)));
        Assert.Equal("1", state.Measures["recent"].ValueJson);

        var changed = new HashSet<string>(StringComparer.Ordinal);
        MeasureFolding.Refresh(state, active.Measures, s_now.AddHours(1), changed: changed);
        Assert.Empty(state.Measures);
        Assert.Contains("recent", changed);
        Assert.Equal("0", MeasureFolding.Value(state, active.Measures, "recent"));
    }

    [Fact]
    public void A_snapshot_holding_a_state_for_every_measure_loads_without_a_recompute()
    {
        // Written before lazy states: every measure held, no synced versions.
        var active = Measures(3, ("opens", """{"event":"EmailOpened","aggregate":"count"}""", 3), ("spent", """{"event":"Purchase","aggregate":"sum","field":"amount"}""", 3));
        var state = new IndividualState { EventCount = 1, FirstSeen = s_now, LastSeen = s_now };
        state.Measures["opens"] = new MeasureState { Version = 3, Count = 1, ValueJson = "1", ComputedAt = s_now };
        state.Measures["spent"] = new MeasureState { Version = 3, ValueJson = "0", ComputedAt = s_now };

        Assert.Empty(IndividualRules.StaleMeasures(state, active));
        Step(state, active, Event(2, "EmailOpened", s_now));
        Assert.Equal("2", MeasureFolding.Value(state, active.Measures, "opens"));
        Assert.Equal("0", MeasureFolding.Value(state, active.Measures, "spent"));
    }

    [Fact]
    public void The_empty_value_is_what_an_empty_state_evaluates_to_for_every_aggregate_and_window()
    {
        foreach (var aggregate in Enum.GetValues<MeasureAggregate>())
        {
            foreach (var within in new[] { "\"lifetime\"", "\"3d\"", """{"from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z"}""" })
            {
                var json = $$"""{"event":"Purchase","aggregate":"{{aggregate.ToString().ToLowerInvariant()}}","field":"amount","within":{{within}}}""";
                using var document = JsonDocument.Parse(json);
                var spec = MeasureSpec.Parse("m", document.RootElement, new List<DefinitionError>())!;
                Assert.Equal(MeasureAccumulator.Evaluate(new MeasureState(), spec, s_now), MeasureAccumulator.EmptyValue(spec));
            }
        }
    }

    private IndividualOutcome Step(IndividualState state, ActiveDefinitions active, params StoredEvent[] events) =>
        MeasureStateSteps.Step(_rules, state, active, s_now, events);

    private static void Sync(IndividualState state, ActiveDefinitions active, IReadOnlyList<StoredEvent> history) =>
        MeasureStateSteps.Sync(state, active, history, s_now);

    private static ActiveDefinitions Measures(long registryVersion, params (string Name, string Json, long Version)[] measures) =>
        new(new DefinitionSet(registryVersion, measures.Select(m => Definition(m.Name, m.Json, m.Version)).ToArray()), new DefinitionSet(0, []));

}
