using System.Globalization;
using System.Text.Json;
using EngagementGrains.ModelTests.Operations;

namespace EngagementGrains.ModelTests.Reference;

/// <summary>
/// The engine's rules as plain LINQ over the acknowledged history: who is one individual, which events it
/// holds, and what every profile, measure, membership and member list must be at the current instant.
/// It knows nothing of the engine's code.
/// </summary>
public sealed class ReferenceModel(DateTimeOffset start)
{
    /// <summary>How many people one individual may hold here: emails are limited to 5 per individual.</summary>
    public const int MaxPeoplePerGroup = 5;

    private static readonly TimeSpan s_maxAhead = TimeSpan.FromHours(24);

    /// <summary>The longest sliding window the contract accepts.</summary>
    public const int MaxWindowDays = 3650;
    private const decimal ExactLimit = 1_000_000_000_000_000m;

    private readonly Dictionary<int, ReferenceGroup> _groupOf = [];

    // Contact points an erasure suppressed: "email:3", "phone:3". Events naming any are dropped and counted.
    private readonly HashSet<string> _suppressed = new(StringComparer.Ordinal);

    public DateTimeOffset Now { get; private set; } = start;

    public Dictionary<string, DefinitionShape> Measures { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DefinitionShape> Segments { get; } = new(StringComparer.Ordinal);

    public IEnumerable<ReferenceGroup> Groups => _groupOf.Values.Distinct();

    public ReferenceGroup? GroupOf(int person) => _groupOf.GetValueOrDefault(person);

    public static string Email(int person) => $"p{person}@model.test";

    /// <summary>Applies one operation; returns what the engine must answer.</summary>
    public Outcome Apply(Operation operation) => operation switch
    {
        SendEvents send => Send(send.Events),
        JoinPeople join => Join(join),
        SplitPerson split => Split(split.Person),
        ErasePerson erase => Erase(erase.Person, erase.Suppress),
        LiftSuppression lift => Lift(lift.Person),
        PutDefinition put => Put(put.Shape),
        DeleteDefinition delete => Delete(delete.Kind, delete.Name),
        AdvanceClock advance => Advance(advance.Milliseconds),
        CrashHost crash => Advance(crash.AdvanceWhileDownMs),
        _ => throw new InvalidOperationException($"Unknown operation {operation}"),
    };

    /// <summary>True when the operation can be sent in this state (a shrunk history may leave some meaningless).</summary>
    public bool Applies(Operation operation) => operation switch
    {
        // Both must be known individuals already, so each one's contact points name it.
        JoinPeople join => _groupOf.ContainsKey(join.First) && _groupOf.ContainsKey(join.Second) && PeopleAfterJoin(join.First, join.Second) <= MaxPeoplePerGroup,
        ErasePerson erase => _groupOf.ContainsKey(erase.Person),
        SplitPerson split => _groupOf.GetValueOrDefault(split.Person) is { People.Count: > 1 },
        _ => true,
    };

    public ExpectedProfile Profile(ReferenceGroup group)
    {
        var measures = Measures.Values.ToDictionary(m => m.Name, m => MeasureValue(m, group.Events), StringComparer.Ordinal);
        var segments = Segments.Keys.Where(s => IsMember(s, group.Events, measures)).ToHashSet(StringComparer.Ordinal);
        return new ExpectedProfile(
            group.People.ToArray(),
            group.Events.Count,
            group.Events.GroupBy(e => e.Type).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            group.Events.Min(e => e.OccurredAt),
            group.Events.Max(e => e.OccurredAt),
            measures,
            segments);
    }

    public static string Phone(int person) => $"+1555000{person:D4}";

    /// <summary>The event as sent: it names its person by email and phone.</summary>
    public static string EventJson(ModelEvent e, DateTimeOffset now) =>
        EventJson(e.EventId, e.Type, now + TimeSpan.FromMilliseconds(e.OffsetMs), $"{{\"email\":\"{Email(e.Person)}\",\"phone\":\"{Phone(e.Person)}\"}}",
            e.Field is null ? "{}" : $"{{\"{e.Field}\":{e.ValueJson}}}");

    /// <summary>The join as sent: the first person's email and the second's phone, so both individuals are named.</summary>
    public static string JoinJson(JoinPeople join, DateTimeOffset now) =>
        EventJson(join.EventId, JoinType, now + TimeSpan.FromMilliseconds(join.OffsetMs), $"{{\"email\":\"{Email(join.First)}\",\"phone\":\"{Phone(join.Second)}\"}}", "{}");

    private static string EventJson(string eventId, string type, DateTimeOffset occurredAt, string identities, string attributes) =>
        $"{{\"eventId\":\"{eventId}\",\"type\":\"{type}\",\"occurredAt\":\"{occurredAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture)}\",\"identities\":{identities},\"attributes\":{attributes}}}";

    private Outcome Send(IReadOnlyList<ModelEvent> events)
    {
        if (events.Any(e => TimeSpan.FromMilliseconds(e.OffsetMs) > s_maxAhead || !Admissible(e)))
        {
            return new Outcome(400);
        }

        int accepted = 0, duplicates = 0, suppressed = 0;
        foreach (var e in events)
        {
            if (_suppressed.Contains($"email:{e.Person}") || _suppressed.Contains($"phone:{e.Person}"))
            {
                suppressed++;
                continue;
            }

            var group = Ensure(e.Person);
            if (group.Holds(e.EventId))
            {
                duplicates++;
                continue;
            }

            group.Events.Add(ToReference(e));
            accepted++;
        }

        return new Outcome(202, accepted, duplicates, suppressed);
    }

    private Outcome Join(JoinPeople join)
    {
        if (!Applies(join))
        {
            return Outcome.Skipped;
        }

        if (_suppressed.Contains($"email:{join.First}") || _suppressed.Contains($"phone:{join.Second}"))
        {
            return new Outcome(202, 0, 0, 1);
        }

        var first = Ensure(join.First);
        var second = Ensure(join.Second);

        // Split apart by an operator: no merge, and the event is the individual's its email (more identifying) names.
        if (!ReferenceEquals(first, second) && !first.KeptApartFrom(second))
        {
            first.Events.AddRange(second.Events);
            first.Separations.UnionWith(second.Separations);
            foreach (var person in second.People)
            {
                first.People.Add(person);
                _groupOf[person] = first;
            }
        }

        if (first.Holds(join.EventId))
        {
            return new Outcome(202, 0, 1);
        }

        first.Events.Add(new ReferenceEvent(join.EventId, JoinType, Now + TimeSpan.FromMilliseconds(join.OffsetMs), null, join.First));
        return new Outcome(202, 1, 0);
    }

    /// <summary>The custom type of the event that names two people.</summary>
    public const string JoinType = "ProfileLinked";

    /// <summary>
    /// The person's email and phone split off their group: the events whose email was theirs become the person's own
    /// individual again, the rest stay; the two are kept apart from then on. Had they never been merged, each would hold
    /// exactly these (an event another person's eventId made a duplicate while merged was never stored, by either).
    /// </summary>
    private Outcome Split(int person)
    {
        if (!Applies(new SplitPerson(person)))
        {
            return Outcome.Skipped;
        }

        var group = _groupOf[person];
        var away = new ReferenceGroup();
        away.People.Add(person);
        away.Events.AddRange(group.Events.Where(e => e.Anchor == person));
        away.Separations.UnionWith(group.Separations.Where(s => s.Mine == person));
        group.Separations.RemoveWhere(s => s.Mine == person);
        group.People.Remove(person);
        group.Events.RemoveAll(e => e.Anchor == person);
        foreach (var other in group.People)
        {
            away.Separations.Add((person, other));
            group.Separations.Add((other, person));
        }
        _groupOf[person] = away;
        return new Outcome(200);
    }

    /// <summary>The split as sent: the person's email and phone.</summary>
    public static string SplitJson(int person) =>
        $"{{\"identities\":{{\"email\":\"{Email(person)}\",\"phone\":\"{Phone(person)}\"}}}}";

    private Outcome Erase(int person, bool suppress)
    {
        if (_groupOf.GetValueOrDefault(person) is not { } group)
        {
            return Outcome.Skipped;
        }

        foreach (var member in group.People)
        {
            _groupOf.Remove(member);
            if (suppress)
            {
                _suppressed.Add($"email:{member}");
                _suppressed.Add($"phone:{member}");
            }
        }

        return new Outcome(200);
    }

    private Outcome Lift(int person)
    {
        var lifted = (_suppressed.Remove($"email:{person}") ? 1 : 0) + (_suppressed.Remove($"phone:{person}") ? 1 : 0);
        return new Outcome(200, Suppressed: lifted);
    }

    /// <summary>The lift as sent: the person's email and phone, as its events name them.</summary>
    public static string LiftJson(int person) =>
        $"{{\"identities\":{{\"email\":\"{Email(person)}\",\"phone\":\"{Phone(person)}\"}}}}";

    private Outcome Put(DefinitionShape shape)
    {
        var table = shape.Kind == DefinitionShape.Measures ? Measures : Segments;
        if (shape.Window != "lifetime" && shape.Window.EndsWith('d') && int.Parse(shape.Window[..^1], CultureInfo.InvariantCulture) > MaxWindowDays)
        {
            return new Outcome(400);
        }

        if (shape.Name == DefinitionShape.Either && !DefinitionShape.EitherReferences.All(Segments.ContainsKey))
        {
            return new Outcome(400);
        }

        var created = !table.ContainsKey(shape.Name);
        table[shape.Name] = shape;
        return new Outcome(created ? 201 : 200);
    }

    private Outcome Delete(string kind, string name)
    {
        var table = kind == DefinitionShape.Measures ? Measures : Segments;
        if (!table.ContainsKey(name))
        {
            return new Outcome(404);
        }

        if (kind == DefinitionShape.Segments && DefinitionShape.EitherReferences.Contains(name) && Segments.ContainsKey(DefinitionShape.Either))
        {
            return new Outcome(409);
        }

        table.Remove(name);
        return new Outcome(204);
    }

    private Outcome Advance(long milliseconds)
    {
        Now += TimeSpan.FromMilliseconds(milliseconds);
        return new Outcome(0);
    }

    private int PeopleAfterJoin(int first, int second)
    {
        var people = new HashSet<int> { first, second };
        people.UnionWith(_groupOf.GetValueOrDefault(first)?.People ?? []);
        people.UnionWith(_groupOf.GetValueOrDefault(second)?.People ?? []);
        return people.Count;
    }

    private ReferenceGroup Ensure(int person)
    {
        if (!_groupOf.TryGetValue(person, out var group))
        {
            group = new ReferenceGroup();
            group.People.Add(person);
            _groupOf[person] = group;
        }

        return group;
    }

    private ReferenceEvent ToReference(ModelEvent e) =>
        new(e.EventId, e.Type, Now + TimeSpan.FromMilliseconds(e.OffsetMs), e.ValueJson is null ? null : ExactValue(e.ValueJson), e.Person);

    // Numbers the engine could not fold exactly are refused at the door; strings are kept and skipped.
    private static bool Admissible(ModelEvent e)
    {
        if (e.ValueJson is null)
        {
            return true;
        }

        using var json = JsonDocument.Parse(e.ValueJson);
        var value = json.RootElement;
        return value.ValueKind != JsonValueKind.Number || (value.TryGetDecimal(out var d) && Math.Abs(d) < ExactLimit);
    }

    private static decimal? ExactValue(string valueJson)
    {
        using var json = JsonDocument.Parse(valueJson);
        var value = json.RootElement;
        decimal parsed;
        var ok = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDecimal(out parsed),
            JsonValueKind.String => decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out parsed),
            _ => (parsed = 0) != 0,
        };
        return ok && Math.Abs(parsed) < ExactLimit ? Math.Round(parsed, 9, MidpointRounding.ToEven) : null;
    }

    private decimal? MeasureValue(DefinitionShape measure, List<ReferenceEvent> events)
    {
        var within = events.Where(e => InWindow(measure.Window, e.OccurredAt));
        return measure.Name switch
        {
            DefinitionShape.Opens => within.Count(e => e.Type == "EmailOpened"),
            DefinitionShape.Deposits => within.Where(e => e.Type == "Deposit" && e.Value is not null).Sum(e => e.Value!.Value),
            DefinitionShape.MaxTotal => within.Where(e => e.Type == "Purchase" && e.Value is not null).Max(e => e.Value),
            _ => throw new InvalidOperationException(measure.Name),
        };
    }

    private bool IsMember(string segment, List<ReferenceEvent> events, Dictionary<string, decimal?> measures)
    {
        var shape = Segments[segment];
        int Count(string type) => events.Count(e => e.Type == type && InWindow(shape.Window, e.OccurredAt));
        return segment switch
        {
            DefinitionShape.Unopened => Count("EmailSent") >= 1 && Count("EmailOpened") == 0,
            DefinitionShape.Depositors => measures.GetValueOrDefault(DefinitionShape.Deposits) is { } sum && sum >= shape.Threshold,
            DefinitionShape.Buyers => Count("Purchase") >= shape.Threshold,
            DefinitionShape.Either => DefinitionShape.EitherReferences.Any(s => IsMember(s, events, measures)),
            _ => throw new InvalidOperationException(segment),
        };
    }

    // Sliding: now - N < occurredAt <= now. Lifetime: every event.
    private bool InWindow(string window, DateTimeOffset occurredAt)
    {
        if (window == "lifetime")
        {
            return true;
        }

        var n = int.Parse(window[..^1], CultureInfo.InvariantCulture);
        var length = window[^1] switch
        {
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
        return occurredAt > Now - length && occurredAt <= Now;
    }
}
