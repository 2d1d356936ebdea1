using System.Text.Json;

namespace EngagementGrains.Core.Segments;

/// <summary>What a segment condition reads of one individual.</summary>
public interface ISegmentContext
{
    /// <summary>A measure's current value as JSON (named or implicit), or null when it has none.</summary>
    string? MeasureValue(string measure);

    /// <summary>A profile attribute, or null when absent.</summary>
    JsonElement? Attribute(string name);

    /// <summary>A channel's consent status, or null when never set.</summary>
    string? Consent(string channel);

    /// <summary>Whether the individual is in another segment (evaluated before this one).</summary>
    bool IsMember(string segment);
}
