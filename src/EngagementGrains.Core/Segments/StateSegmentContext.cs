using System.Text.Json;
using EngagementGrains.Core.Profiles;

namespace EngagementGrains.Core.Segments;

/// <summary>Reads an individual's state for segment conditions; segment references read this pass's verdicts.</summary>
public sealed class StateSegmentContext(IndividualState state, IReadOnlyDictionary<string, bool> verdicts) : ISegmentContext
{
    public string? MeasureValue(string measure) => state.Measures.TryGetValue(measure, out var m) ? m.ValueJson : null;

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

    public bool IsMember(string segment) => verdicts.TryGetValue(segment, out var member) && member;
}
