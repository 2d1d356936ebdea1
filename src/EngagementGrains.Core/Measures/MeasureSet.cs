using System.Text.Json;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Core.Conditions;

namespace EngagementGrains.Core.Measures;

/// <summary>The parsed measure definitions in force, with the registry version they come from.</summary>
public sealed class MeasureSet
{
    public MeasureSet(long version, IReadOnlyDictionary<string, (MeasureSpec Spec, long Version)> measures)
    {
        Version = version;
        Measures = measures;
    }

    public static MeasureSet Empty { get; } = new(0, new Dictionary<string, (MeasureSpec, long)>());

    public long Version { get; }

    public IReadOnlyDictionary<string, (MeasureSpec Spec, long Version)> Measures { get; }

    public bool NeedsAttributes => Measures.Values.Any(m => m.Spec.NeedsAttributes);

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

        return new MeasureSet(definitions.Version, measures);
    }
}
