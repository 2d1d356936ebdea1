using System.Text.Json;
using EngagementGrains.Core.Measures;

namespace EngagementGrains.Core.Segments;

/// <summary>A person with events but every measure at its empty value, no attribute and no consent.</summary>
internal sealed class EmptyPersonContext(MeasureSet measures, IReadOnlyDictionary<string, bool> verdicts) : ISegmentContext
{
    public string? MeasureValue(string measure) =>
        measures.Measures.TryGetValue(measure, out var definition) ? MeasureAccumulator.EmptyValue(definition.Spec) : null;

    public JsonElement? Attribute(string name) => null;

    public string? Consent(string channel) => null;

    public bool IsMember(string segment) => verdicts.TryGetValue(segment, out var member) && member;
}
