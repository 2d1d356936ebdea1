using System.Text.Json;

namespace EngagementGrains.Gateway.Problems;

/// <summary>How an event mapped from a tracking call or a source record is written before it is validated.</summary>
public static class MappedEvents
{
    /// <summary>
    /// Deeper than a body may be (64): mapping puts a call's values two or three levels further down (its context
    /// under the event's attributes), and the validator, not the writer, must be the one to refuse them.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = new() { MaxDepth = 128 };
}
