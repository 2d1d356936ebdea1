using System.Globalization;
using System.Text;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Abstractions.Events;
using EngagementGrains.Core.Catalog;
using EngagementGrains.Core.Individuals;
using EngagementGrains.Core.Profiles;
using EngagementGrains.Core.Segments;
using EngagementGrains.Core.Tests.Measures;
using EngagementGrains.Core.Tests.Segments;

namespace EngagementGrains.Core.Tests.Individuals;

/// <summary>
/// The individual's rules (<see cref="IndividualRules"/>) driven as the grain drives them, through random
/// histories: events (late, early, for several people), time passing with wake-ups taken only when due,
/// measures and segments put, changed, deleted and defined again, merges, and rebuilds from the log as after
/// a crash. After every step every person's every measure and membership must equal a plain LINQ recompute
/// from that person's raw events at that instant, and each feed must alternate and end in the membership.
/// </summary>
public sealed class IndividualModelTests
{
    private const int Seeds = 400;
    private const int Steps = 60;

    [Fact]
    public void Every_step_of_random_histories_equals_the_recompute_from_raw_events()
    {
        var failures = new List<string>();
        for (var seed = 1; seed <= Seeds && failures.Count < 3; seed++)
        {
            var world = new ModelWorld(new Random(seed), new IndividualRules(new ProfileFolding(EventCatalog.Default)));
            for (var step = 0; step < Steps; step++)
            {
                world.Step();
                if (world.Check() is { } failure)
                {
                    failures.Add($"seed {seed}, step {step}: {failure}\n{world.Log}");
                    break;
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void A_segment_defined_again_under_its_name_starts_from_the_events_not_from_the_old_memberships()
    {
        var rules = new IndividualRules(new ProfileFolding(EventCatalog.Default));
        var now = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var state = new IndividualState();
        var opened = new StoredEvent(1, new EngagementEvent { EventId = "1", Type = "EmailOpened", OccurredAt = now, Channel = "email", AttributesJson = "{}" });
        var first = Definitions(("s", """{"event":"EmailOpened","count":{"gte":1}}""", 1, 1));
        Sync(state, first, [], now);
        IndividualRules.Commit(state, rules.Step(state, [opened], first, now, refreshAll: true));
        Assert.True(state.Memberships.ContainsKey("s"));

        // Deleted (its rows went with it) and defined again: the person must enter the new one.
        var again = Definitions(("s", """{"event":"EmailOpened","count":{"gte":1}}""", 3, 3));
        Sync(state, again, [opened], now);
        var outcome = rules.Step(state, [], again, now, refreshAll: true);
        Assert.Contains(outcome.Changes, c => c.Segment == "s" && c.Entered);
    }

    internal static ActiveDefinitions Definitions(params (string Name, string Json, long Version, long Created)[] segments) =>
        new(new DefinitionSet(0, []), new DefinitionSet(
            segments.Length == 0 ? 0 : segments.Max(s => s.Version),
            segments.Select(s => new Definition { Name = s.Name, Json = s.Json, Version = s.Version, Created = s.Created, UpdatedAt = DateTimeOffset.UnixEpoch }).ToArray()));

    internal static void Sync(IndividualState state, ActiveDefinitions definitions, IReadOnlyList<StoredEvent> history, DateTimeOffset now)
    {
        var stale = IndividualRules.StaleMeasures(state, definitions);
        if (stale.Count > 0)
        {
            IndividualRules.Recompute(state, definitions, stale, history, now);
        }
    }

    /// <summary>Everyone's state as the grains would hold it, beside each person's raw events.</summary>
    private sealed class ModelWorld(Random random, IndividualRules rules)
    {
        private static readonly string[] s_types = ["EmailSent", "EmailOpened", "Purchase", "CustomerInfo", "Unsubscribe", "Subscribe"];

        private static readonly string[] s_measures =
        [
            """{"event":"EmailOpened","aggregate":"count","within":"2h"}""",
            """{"event":"Purchase","aggregate":"sum","field":"amount","within":"3d"}""",
            """{"event":["EmailSent","EmailOpened"],"aggregate":"count"}""",
            """{"event":"Purchase","aggregate":"max","field":"amount","within":"90m"}""",
            """{"event":"Purchase","aggregate":"avg","field":"amount","within":"12h"}""",
            """{"event":"EmailSent","aggregate":"last","within":"1d"}""",
        ];

        private readonly List<Person> _people = Enumerable.Range(0, 4).Select(i => new Person($"p{i}")).ToList();
        private readonly Dictionary<string, Definition> _measureDefinitions = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Definition> _segmentDefinitions = new(StringComparer.Ordinal);
        private readonly StringBuilder _log = new();
        private long _version;
        private long _sequence;
        private DateTimeOffset _now = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);
        private ActiveDefinitions _active = ActiveDefinitions.Empty;

        public string Log => _log.ToString();

        public void Step()
        {
            var pick = random.Next(100);
            if (pick < 45)
            {
                Events();
            }
            else if (pick < 70)
            {
                TimePasses();
            }
            else if (pick < 88)
            {
                ChangeDefinition();
            }
            else if (pick < 94 && _people.Count > 1)
            {
                Merge();
            }
            else
            {
                Rebuild();
            }
        }

        public string? Check()
        {
            foreach (var person in _people.Where(p => !IsDue(p)))
            {
                foreach (var (name, (spec, _)) in _active.Measures.Measures)
                {
                    var expected = MeasureOracle.Compute(spec, person.History, _now);
                    var actual = Core.Measures.MeasureFolding.Value(person.State, _active.Measures, name) ?? "(missing)";
                    if (person.History.Count > 0 && expected != actual)
                    {
                        return $"{person.Id}: measure {name} is {actual}, the recompute says {expected} at {_now:O}";
                    }
                }

                var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
                foreach (var spec in _active.Segments.Ordered)
                {
                    var expected = person.History.Count > 0 && SegmentOracle.Holds(spec.Root, person.History, _now,
                        m => _active.Measures.Measures.TryGetValue(m, out var found) ? found.Spec : null,
                        s => verdicts.GetValueOrDefault(s));
                    verdicts[spec.Name] = expected;
                    if (person.State.Memberships.ContainsKey(spec.Name) != expected)
                    {
                        return $"{person.Id}: member of {spec.Name} is {!expected}, the recompute says {expected} at {_now:O}";
                    }

                    if (person.Feed.GetValueOrDefault(spec.Name) != expected)
                    {
                        return $"{person.Id}: the feed of {spec.Name} ends in {person.Feed.GetValueOrDefault(spec.Name)}, the membership is {expected}";
                    }
                }
            }

            return null;
        }

        private void Events()
        {
            var person = _people[random.Next(_people.Count)];
            var stored = new List<StoredEvent>();
            for (var i = random.Next(1, 5); i > 0; i--)
            {
                var kind = random.Next(10);
                var occurredAt = kind == 0
                    ? _now + TimeSpan.FromMinutes(random.Next(1, 120))
                    : _now - TimeSpan.FromMinutes(random.Next(0, kind < 7 ? 180 : 5 * 24 * 60));
                var type = s_types[random.Next(s_types.Length)];
                var attributes = type switch
                {
                    "Purchase" => $$"""{"amount":{{random.Next(-5, 200)}}.{{random.Next(0, 100):D2}}}""",
                    "CustomerInfo" => $$"""{"customerType":"{{(random.Next(2) == 0 ? "vip" : "regular")}}"}""",
                    _ => $$"""{"tag":"{{(char)('a' + random.Next(3))}}"}""",
                };
                occurredAt += TimeSpan.FromMilliseconds(++_sequence);
                stored.Add(new StoredEvent(_sequence, new EngagementEvent
                {
                    EventId = "e" + _sequence, Type = type, OccurredAt = occurredAt, Channel = "x", AttributesJson = attributes,
                }));
            }

            _log.AppendLine(CultureInfo.InvariantCulture, $"events for {person.Id}: {string.Join(", ", stored.Select(s => $"{s.Event.Type}@{s.Event.OccurredAt:O}"))}");
            var changed = SyncIfNeeded(person);
            var scheduled = person.State.ScheduledWakeAt;
            var wakeAt = Core.Measures.MeasureFolding.EarliestChange(stored.Select(s => s.Event).ToArray(), _active.Measures, _now);
            var outcome = rules.Step(person.State, stored, _active, _now, refreshAll: changed, evaluateAll: changed);
            person.History.AddRange(stored);
            if (wakeAt is not null && (scheduled is null || scheduled <= _now || wakeAt < scheduled))
            {
                person.State.ScheduledWakeAt = wakeAt;
            }

            Record(person, outcome);
            Schedule(person, outcome.NextWake, woken: false);
        }

        private void TimePasses()
        {
            _now += TimeSpan.FromMinutes(random.Next(1, 3 * 24 * 60));
            _log.AppendLine(CultureInfo.InvariantCulture, $"time passes to {_now:O}");

            // Only the due wake up, as the schedule does, and the schedule may lag: a due individual that
            // is not woken yet is caught up by its next event (or read). Everyone not due must already be right.
            foreach (var person in _people.Where(p => IsDue(p) && random.Next(2) == 0))
            {
                Refresh(person, woken: true);
            }
        }

        private void ChangeDefinition()
        {
            var segment = random.Next(2) == 0;
            var definitions = segment ? _segmentDefinitions : _measureDefinitions;
            var name = segment ? $"s{random.Next(4)}" : $"m{random.Next(3)}";
            if (definitions.ContainsKey(name) && random.Next(3) == 0 && !(segment && _segmentDefinitions.Values.Any(d => d.Name != name && d.Json.Contains($"\"{name}\"", StringComparison.Ordinal))))
            {
                definitions.Remove(name);
                _version++;
                _log.AppendLine(CultureInfo.InvariantCulture, $"delete {name}");
                if (segment)
                {
                    // Its rows and feed went with it.
                    foreach (var person in _people)
                    {
                        person.Feed.Remove(name);
                    }
                }
            }
            else
            {
                var json = segment ? RandomSegment(name) : s_measures[random.Next(s_measures.Length)];
                var version = ++_version;
                definitions[name] = new Definition
                {
                    Name = name, Json = json, Version = version, UpdatedAt = _now,
                    Created = definitions.TryGetValue(name, out var existing) ? existing.Created : version,
                };
                _log.AppendLine(CultureInfo.InvariantCulture, $"put {name} {json}");
            }

            _active = new ActiveDefinitions(
                new DefinitionSet(_version, _measureDefinitions.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray()),
                new DefinitionSet(_version, _segmentDefinitions.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToArray()));

            // The backfill walks everyone.
            foreach (var person in _people)
            {
                Refresh(person, woken: false);
            }
        }

        private void Merge()
        {
            var survivor = _people[random.Next(_people.Count)];
            var other = _people.Where(p => p != survivor).ElementAt(random.Next(_people.Count - 1));
            _log.AppendLine(CultureInfo.InvariantCulture, $"merge {other.Id} into {survivor.Id}");

            // The surrendering individual exits everything; its events are copied into the survivor's log.
            foreach (var segment in other.State.Memberships.Keys)
            {
                other.Feed[segment] = false;
            }

            var copies = other.History.Select(h => new StoredEvent(++_sequence, h.Event, other.Id)).ToList();
            _people.Remove(other);
            SyncIfNeeded(survivor);
            rules.Fold(survivor.State, copies, _active, _now);
            survivor.History.AddRange(copies);
            Refresh(survivor, woken: false);
        }

        private void Rebuild()
        {
            // As after a crash: what the store holds of memberships and the wake-up, the rest folded from the log.
            var person = _people[random.Next(_people.Count)];
            _log.AppendLine(CultureInfo.InvariantCulture, $"rebuild {person.Id} from its log");
            var rebuilt = IndividualState.Rebuilding(person.State);
            person.State = rebuilt;
            person.Synced = null;

            // As the grain replays: the log is folded first, then measures it does not hold are recomputed.
            rules.Fold(rebuilt, person.History, _active, _now);
            Refresh(person, woken: false);
        }

        private bool IsDue(Person person) => person.State.ScheduledWakeAt is { } due && due <= _now;

        private bool SyncIfNeeded(Person person)
        {
            if (ReferenceEquals(person.Synced, _active))
            {
                return false;
            }

            Sync(person.State, _active, person.History, _now);
            person.Synced = _active;
            return true;
        }

        private void Refresh(Person person, bool woken)
        {
            // As the grain: a wake-up with unchanged definitions evaluates only the segments whose inputs moved.
            var changed = SyncIfNeeded(person);
            var outcome = rules.Step(person.State, [], _active, _now, refreshAll: true, evaluateAll: !woken || changed);
            Record(person, outcome);
            Schedule(person, outcome.NextWake, woken);
        }

        private static void Record(Person person, IndividualOutcome outcome)
        {
            foreach (var change in outcome.Changes)
            {
                if (person.Feed.GetValueOrDefault(change.Segment) == change.Entered)
                {
                    throw new InvalidOperationException($"{person.Id}: a second {(change.Entered ? "enter" : "exit")} of {change.Segment} in a row");
                }

                person.Feed[change.Segment] = change.Entered;
            }

            IndividualRules.Commit(person.State, outcome);
        }

        // As the grain does: a woken individual replaces its row; otherwise only an earlier instant is written.
        private void Schedule(Person person, DateTimeOffset? next, bool woken)
        {
            var scheduled = person.State.ScheduledWakeAt;
            var pending = scheduled is { } s && s > _now;
            if (woken || !(next == scheduled || (pending && (next is null || next > scheduled)) || (next is null && scheduled is null)))
            {
                person.State.ScheduledWakeAt = next;
            }
        }

        private string RandomSegment(string name)
        {
            var index = int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture);
            string Leaf()
            {
                var within = new[] { "", ",\"within\":\"90m\"", ",\"within\":\"12h\"", ",\"within\":\"3d\"" }[random.Next(4)];
                return random.Next(7) switch
                {
                    0 => $$$"""{"event":"{{{s_types[random.Next(3)]}}}"{{{within}}},"count":{"gte":{{{random.Next(1, 4)}}}}}""",
                    1 => $$"""{"event":"Purchase"{{within}},"aggregate":"sum","field":"amount","gte":{{random.Next(5, 200)}}}""",
                    2 => $$"""{"measure":"m{{random.Next(3)}}","gte":{{random.Next(1, 50)}}}""",
                    3 => """{"attribute":"customerType","eq":"vip"}""",
                    4 => """{"consent":"sms","eq":"unsubscribed"}""",
                    5 when index > 0 && _segmentDefinitions.ContainsKey($"s{index - 1}") => $$"""{"segment":"s{{index - 1}}"}""",
                    _ => "{\"event\":\"EmailOpened\"" + within + ",\"where\":{\"tag\":{\"in\":[\"a\",\"b\"]}}}",
                };
            }

            return random.Next(4) switch
            {
                0 => $$"""{"all":[{{Leaf()}},{"not":{{Leaf()}}}]}""",
                1 => $$"""{"any":[{{Leaf()}},{{Leaf()}}]}""",
                _ => Leaf(),
            };
        }
    }

    private sealed class Person(string id)
    {
        public string Id { get; } = id;

        public IndividualState State { get; set; } = new();

        public List<StoredEvent> History { get; } = [];

        public Dictionary<string, bool> Feed { get; } = new(StringComparer.Ordinal);

        public ActiveDefinitions? Synced { get; set; }
    }
}
