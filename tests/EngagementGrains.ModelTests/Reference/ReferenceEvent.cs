namespace EngagementGrains.ModelTests.Reference;

/// <summary>
/// An acknowledged event as the reference keeps it: its id, type, instant, the exact number a measure folds (if any),
/// and the person whose email it carried (its most identifying contact point, which a split goes by).
/// </summary>
public sealed record ReferenceEvent(string EventId, string Type, DateTimeOffset OccurredAt, decimal? Value, int Anchor);
