namespace EngagementGrains.ModelTests.Reference;

/// <summary>An acknowledged event as the reference keeps it: its id, type, instant and the exact number a measure folds (if any).</summary>
public sealed record ReferenceEvent(string EventId, string Type, DateTimeOffset OccurredAt, decimal? Value);
