using System.Text.Json.Nodes;

namespace EngagementGrains.ModelTests.Running;

/// <summary>A status and its JSON body (null when there is none or it is not JSON).</summary>
public sealed record Answer(int Status, JsonNode? Body, string Text);
