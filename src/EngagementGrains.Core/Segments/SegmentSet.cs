using System.Text.Json;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Core.Conditions;
using EngagementGrains.Core.Measures;

namespace EngagementGrains.Core.Segments;

/// <summary>The segments in force, ordered so a segment comes after every segment it refers to.</summary>
public sealed class SegmentSet
{
    public SegmentSet(long version, IEnumerable<(SegmentSpec Spec, long Version)> segments, IReadOnlyDictionary<string, long>? generations = null)
    {
        Version = version;
        _generations = generations ?? new Dictionary<string, long>(StringComparer.Ordinal);
        var byName = segments.ToDictionary(s => s.Spec.Name, StringComparer.Ordinal);
        Segments = byName;
        Ordered = TopologicalOrder(byName.Values.Select(s => s.Spec).ToList()) ?? [];
        _position = Enumerable.Range(0, Ordered.Count).ToDictionary(i => Ordered[i].Name, StringComparer.Ordinal);
        _readers = Enumerable.Range(0, Ordered.Count)
            .SelectMany(i => Ordered[i].MeasureInputs.Select(measure => (measure, i)))
            .GroupBy(p => p.measure, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.i).ToArray(), StringComparer.Ordinal);
        _profileReaders = Enumerable.Range(0, Ordered.Count).Where(i => Ordered[i].ReadsProfile).ToArray();
        var referrers = Ordered.Select(_ => new List<int>()).ToArray();
        for (var at = 0; at < Ordered.Count; at++)
        {
            foreach (var reference in Ordered[at].References)
            {
                if (_position.TryGetValue(reference, out var referenced))
                {
                    referrers[referenced].Add(at);
                }
            }
        }

        _referrers = referrers.Select(r => r.ToArray()).ToArray();
    }

    private readonly Dictionary<string, int> _position;
    private readonly Dictionary<string, int[]> _readers;
    private readonly int[] _profileReaders;
    private readonly int[][] _referrers;

    /// <summary>Where a segment comes in <see cref="Ordered"/>, or -1 when it is not evaluated.</summary>
    public int PositionOf(string segment) => _position.TryGetValue(segment, out var at) ? at : -1;

    /// <summary>The positions in <see cref="Ordered"/> of the segments whose verdict reads this measure.</summary>
    public IReadOnlyList<int> ReadersOf(string measure) => _readers.TryGetValue(measure, out var found) ? found : [];

    /// <summary>The positions of the segments whose verdict reads the profile (attributes, consent).</summary>
    public IReadOnlyList<int> ProfileReaders => _profileReaders;

    /// <summary>The positions of the segments that refer to the segment at this position (all after it).</summary>
    public IReadOnlyList<int> ReferrersOf(int position) => _referrers[position];

    // Computed once per measure set in force; a race only computes it twice.
    private volatile Tuple<MeasureSet, int[]>? _dueFromNothing;

    /// <summary>
    /// The positions of the segments a person's first step must evaluate whatever changed: those that hold for a
    /// person with events but every measure empty and no profile, and those referring to other segments (their
    /// verdict follows others'). Every other segment is out for such a person until an input it reads changes.
    /// </summary>
    public IReadOnlyList<int> DueFromNothing(MeasureSet measures)
    {
        if (_dueFromNothing is { } cached && ReferenceEquals(cached.Item1, measures))
        {
            return cached.Item2;
        }

        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        var context = new EmptyPersonContext(measures, verdicts);
        var due = new List<int>();
        for (var at = 0; at < Ordered.Count; at++)
        {
            var spec = Ordered[at];
            verdicts[spec.Name] = SegmentEvaluator.Holds(spec.Root, context);
            if (verdicts[spec.Name] || spec.References.Count > 0)
            {
                due.Add(at);
            }
        }

        var positions = due.ToArray();
        _dueFromNothing = Tuple.Create(measures, positions);
        return positions;
    }

    public static SegmentSet Empty { get; } = new(0, []);

    /// <summary>Parses stored definitions; one that no longer parses is left out rather than failing them all.</summary>
    public static SegmentSet From(DefinitionSet definitions)
    {
        var segments = new List<(SegmentSpec, long)>();
        var generations = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var definition in definitions.Definitions)
        {
            generations[definition.Name] = definition.Created;
            using var document = JsonDocument.Parse(definition.Json);
            if (SegmentSpec.Parse(definition.Name, document.RootElement, new List<DefinitionError>()) is { } spec)
            {
                segments.Add((spec, definition.Version));
            }
        }

        return new SegmentSet(definitions.Version, segments, generations);
    }

    private readonly IReadOnlyDictionary<string, long> _generations;

    /// <summary>Which definition of this name is in force: the version it was created at (0 when unknown).</summary>
    public long Generation(string name) => _generations.GetValueOrDefault(name);

    public long Version { get; }

    public IReadOnlyDictionary<string, (SegmentSpec Spec, long Version)> Segments { get; }

    public IReadOnlyList<SegmentSpec> Ordered { get; }

    /// <summary>The order of evaluation, or null when references form a cycle.</summary>
    public static IReadOnlyList<SegmentSpec>? TopologicalOrder(IReadOnlyList<SegmentSpec> specs)
    {
        var byName = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var state = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<SegmentSpec>();
        bool Visit(SegmentSpec spec)
        {
            switch (state.GetValueOrDefault(spec.Name))
            {
                case 1:
                    return false;
                case 2:
                    return true;
            }

            state[spec.Name] = 1;
            foreach (var reference in spec.References)
            {
                if (byName.TryGetValue(reference, out var target) && !Visit(target))
                {
                    return false;
                }
            }

            state[spec.Name] = 2;
            order.Add(spec);
            return true;
        }

        foreach (var spec in specs.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            if (!Visit(spec))
            {
                return null;
            }
        }

        return order;
    }
}
