using System.Text.Json;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Core.Conditions;

namespace EngagementGrains.Core.Measures;

/// <summary>
/// The parsed measure definitions in force, with the registry versions they come from, indexed by event type:
/// an event visits only the measures that name its type.
/// </summary>
public sealed class MeasureSet
{
    private static readonly IReadOnlyList<ActiveMeasure> s_none = [];
    private readonly Dictionary<string, ActiveMeasure[]> _byType;
    private readonly Dictionary<string, TimeSpan[]> _slidingLengths;

    public MeasureSet(long version, IReadOnlyDictionary<string, (MeasureSpec Spec, long Version)> measures, long segmentVersion = 0)
    {
        Version = version;
        SegmentVersion = segmentVersion;
        Measures = measures;
        var active = measures.Select(m => new ActiveMeasure(m.Key, m.Value.Spec, m.Value.Version)).ToList();
        _byType = active
            .SelectMany(m => m.Spec.EventTypes.Select(type => (type, m)))
            .GroupBy(p => p.type, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.m).OrderBy(m => m.Name, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        _slidingLengths = _byType.ToDictionary(
            t => t.Key,
            t => t.Value.Where(m => m.Spec.Window.Kind == WindowKind.Sliding).Select(m => m.Spec.Window.Length).Distinct().Order().ToArray(),
            StringComparer.Ordinal);
        Named = active.Where(m => !m.Implicit).OrderBy(m => m.Name, StringComparer.Ordinal).ToArray();
    }

    public static MeasureSet Empty { get; } = new(0, new Dictionary<string, (MeasureSpec, long)>());

    /// <summary>The measure registry's version.</summary>
    public long Version { get; }

    /// <summary>The segment registry's version, which versions the implicit measures.</summary>
    public long SegmentVersion { get; }

    public IReadOnlyDictionary<string, (MeasureSpec Spec, long Version)> Measures { get; }

    /// <summary>The named measures (not the implicit ones), by name: what a profile shows.</summary>
    public IReadOnlyList<ActiveMeasure> Named { get; }

    public bool NeedsAttributes => Measures.Values.Any(m => m.Spec.NeedsAttributes);

    /// <summary>The measures an event of this type may count for.</summary>
    public IReadOnlyList<ActiveMeasure> OfType(string eventType) => _byType.TryGetValue(eventType, out var found) ? found : s_none;

    /// <summary>The distinct sliding window lengths of the measures of this type, shortest first.</summary>
    public IReadOnlyList<TimeSpan> SlidingLengthsOf(string eventType) => _slidingLengths.TryGetValue(eventType, out var found) ? found : [];

    /// <summary>
    /// Parses stored definitions, and adds the implicit measures behind segments' behavioural conditions;
    /// a definition that no longer parses is left out rather than failing them all.
    /// </summary>
    public static MeasureSet From(DefinitionSet definitions, Segments.SegmentSet segments)
    {
        var measures = new Dictionary<string, (MeasureSpec, long)>(StringComparer.Ordinal);
        foreach (var definition in definitions.Definitions)
        {
            using var document = JsonDocument.Parse(definition.Json);
            if (MeasureSpec.Parse(definition.Name, document.RootElement, new List<DefinitionError>()) is { } spec)
            {
                measures[definition.Name] = (spec, definition.Version);
            }
        }

        foreach (var (segment, version) in segments.Segments.Values)
        {
            foreach (var spec in segment.ImplicitMeasures)
            {
                measures[spec.Name] = (spec, version);
            }
        }

        return new MeasureSet(definitions.Version, measures, segments.Version);
    }
}
