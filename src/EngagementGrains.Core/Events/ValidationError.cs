namespace EngagementGrains.Core.Events;

/// <summary>One reason an event was rejected: which event, which field, and why.</summary>
public sealed record class ValidationError(int Index, string Field, string Message);
