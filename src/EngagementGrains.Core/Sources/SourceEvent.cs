using System.Text.Json.Nodes;

namespace EngagementGrains.Core.Sources;

/// <summary>One canonical event produced from a source record, with the record it came from.</summary>
public sealed record class SourceEvent(int Record, JsonObject Event);
