namespace EngagementGrains.Gateway.Events;

/// <summary>
/// The 202 answer: how many events were new, how many were already stored, and how many were dropped
/// because they name a suppressed contact point (an erased person's).
/// </summary>
public sealed record class IngestResponse(int Accepted, int Duplicates, int Suppressed);
