using System.Text.Json;
using EngagementGrains.Abstractions.Definitions;
using EngagementGrains.Core.Conditions;

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
