using System.Text.Json;

namespace EngagementGrains.Gateway.Tracking;

/// <summary>A Segment <c>/v1/batch</c> request: calls of any type, with the batch's send time and context.</summary>
/// <param name="Batch">The calls, each with its <c>type</c>.</param>
/// <param name="SentAt">When the client sent the batch; corrects every call's clock skew.</param>
/// <param name="Context">The context of calls that carry none.</param>
public sealed record class TrackingBatch(IReadOnlyList<TrackingCall> Batch, string? SentAt = null, IReadOnlyDictionary<string, JsonElement>? Context = null);
