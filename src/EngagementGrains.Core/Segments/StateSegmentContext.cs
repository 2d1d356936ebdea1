using System.Text.Json;
using EngagementGrains.Core.Measures;
using EngagementGrains.Core.Profiles;

namespace EngagementGrains.Core.Segments;

/// <summary>
/// Reads an individual's state for segment conditions: a defined measure the individual holds no state for reads
/// as its empty value; segment references read this pass's verdicts, or the memberships of segments it did not evaluate.
/// </summary>
public sealed class StateSegmentContext(IndividualState state, MeasureSet measures, IReadOnlyDictionary<string, bool> verdicts) : ISegmentContext
{
    public string? MeasureValue(string measure) => MeasureFolding.Value(state, measures, measure);

    public JsonElement? Attribute(string name)
    {
        if (!state.Attributes.TryGetValue(name, out var entry))
        {
            return null;
        }

        using var document = JsonDocument.Parse(entry.Json);
        return document.RootElement.Clone();
    }

    public string? Consent(string channel) => state.Consent.TryGetValue(channel, out var c) ? c.Status : null;

    // A segment this pass did not evaluate keeps the verdict its membership records.
    public bool IsMember(string segment) => verdicts.TryGetValue(segment, out var member) ? member : state.Memberships.ContainsKey(segment);
}
