namespace EngagementGrains.Gateway.Events;

/// <summary>The 202 answer: how many events were new and how many were already stored.</summary>
public sealed record class IngestResponse(int Accepted, int Duplicates);
