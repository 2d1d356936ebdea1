namespace EngagementGrains.ModelTests.Operations;

/// <summary>
/// An event as the generator writes it: the person it is about (by contact point), its id, type, its
/// occurredAt as an offset from the domain clock when sent, and at most one attribute as raw JSON.
/// </summary>
public sealed record ModelEvent(int Person, string EventId, string Type, long OffsetMs, string? Field = null, string? ValueJson = null);
