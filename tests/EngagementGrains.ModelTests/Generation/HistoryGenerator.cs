using EngagementGrains.ModelTests.Operations;

namespace EngagementGrains.ModelTests.Generation;

/// <summary>
/// Writes a history as users and operators produce one: batches of catalog and custom events with string
/// numbers, junk, huge values, duplicates, late and early instants; joins that merge people (their eventIds
/// collide, since each person counts from e1); splits of a person off the individual they were merged into; erasures, most of them suppressing, and suppressions lifted; definitions put, changed, deleted and re-created;
/// time passing; and kill -9 of the Host at random points. The same seed gives the same history.
/// </summary>
public sealed class HistoryGenerator(int seed, double crashRate, int people = 6)
{
    private static readonly string[] s_windows = ["1m", "5m", "30m", "2h", "1d", "lifetime"];
    private static readonly long[] s_advances = [10_000, 45_000, 180_000, 1_200_000, 7_200_000, 86_400_000];
    private static readonly string[] s_types = ["EmailSent", "EmailSent", "EmailOpened", "Purchase", "Deposit", "Deposit", "WebinarAttended"];

    // Deposit amounts as senders write them: numbers, numbers as strings, junk, more decimals than are kept,
    // the largest accepted, and (rarely) numbers no measure could fold exactly, which make the request a 400.
    private static readonly string[] s_amounts =
    [
        "12.34", "100", "-5", "\"12.50\"", "\"250\"", "\"n/a\"", "0.1234567891", "0.0000000005", "999999999999999.5", "\"1e20\"", "true",
    ];

    private static readonly string[] s_refusedAmounts = ["1e15", "79228162514264337593543950335", "-1000000000000000"];

    private readonly Random _random = new(seed);
    private readonly int[] _nextEventId = new int[people];

    public IReadOnlyList<Operation> Generate(int steps) => Enumerable.Range(0, steps).Select(Next).ToArray();

    private Operation Next(int step)
    {
        if (_random.NextDouble() < crashRate)
        {
            return _random.Next(3) == 0
                ? new SendEvents(Batch(), CrashDuring: true, CrashAfterMs: _random.Next(0, 40))
                : new CrashHost(_random.Next(2) == 0 ? 0 : Pick(s_advances), _random.Next(2));
        }

        var roll = _random.Next(100);
        return roll switch
        {
            < 50 => new SendEvents(Batch()),
            < 64 => new AdvanceClock(Pick(s_advances) + _random.Next(0, 1000)),
            < 76 => new PutDefinition(Shape()),
            < 80 => _random.Next(2) == 0
                ? new DeleteDefinition(DefinitionShape.Segments, Pick(DefinitionShape.SegmentNames))
                : new DeleteDefinition(DefinitionShape.Measures, Pick(DefinitionShape.MeasureNames)),
            < 89 => new JoinPeople(_random.Next(people), _random.Next(people), $"j{step}", -_random.Next(0, 3_600_000)),
            < 92 => new ErasePerson(_random.Next(people), Suppress: _random.Next(2) == 0),
            < 95 => new LiftSuppression(_random.Next(people)),
            < 99 => _random.Next(4) == 0
                ? new SplitPerson(_random.Next(people), CrashDuring: true, CrashAfterMs: _random.Next(0, 60))
                : new SplitPerson(_random.Next(people)),
            _ => new SendEvents([.. Batch(), .. Batch()]),
        };
    }

    private List<ModelEvent> Batch()
    {
        var count = _random.Next(1, 7);
        var events = new List<ModelEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var person = _random.Next(people);
            var type = Pick(s_types);
            var eventId = _nextEventId[person] > 0 && _random.Next(100) < 15
                ? $"e{_random.Next(1, _nextEventId[person] + 1)}"
                : $"e{++_nextEventId[person]}";
            var (field, value) = type switch
            {
                "Deposit" => _random.Next(100) switch
                {
                    < 2 => ("amount", Pick(s_refusedAmounts)),
                    < 10 => ((string?)null, (string?)null),
                    _ => ("amount", Pick(s_amounts)),
                },
                "Purchase" => _random.Next(100) switch
                {
                    < 1 => ("total", "1e15"),
                    < 30 => ("total", $"\"{_random.Next(1, 50000) / 100m}\""),
                    _ => ("total", (_random.Next(1, 50000) / 100m).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                },
                _ => (null, null),
            };
            events.Add(new ModelEvent(person, eventId, type, Offset(), field, value));
        }

        return events;
    }

    // Mostly recent, some late (days back), some a little early, exactly now, and rarely too far ahead (a 400).
    private long Offset() => _random.Next(100) switch
    {
        < 55 => -_random.Next(0, 600_000),
        < 75 => -_random.NextInt64(600_000, 3 * 86_400_000L),
        < 88 => _random.Next(1, 600_000),
        < 99 => 0,
        _ => 25 * 3_600_000L,
    };

    private DefinitionShape Shape()
    {
        var segment = _random.Next(100) < 60;
        var name = segment ? Pick(DefinitionShape.SegmentNames) : Pick(DefinitionShape.MeasureNames);
        var threshold = name switch
        {
            DefinitionShape.Depositors => Pick([0m, 50m, 100m, 500m]),
            DefinitionShape.Buyers => _random.Next(1, 4),
            _ => 0m,
        };
        // Now and then a window past the longest there is: refused with a 400, nothing changes.
        var window = name != DefinitionShape.Depositors && name != DefinitionShape.Either && _random.Next(100) < 4 ? "4000d" : Pick(s_windows);
        return new DefinitionShape(segment ? DefinitionShape.Segments : DefinitionShape.Measures, name, window, threshold);
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
