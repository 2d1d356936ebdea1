namespace EngagementGrains.Gateway.Sources;

/// <summary>The answer to a source request: records read, events stored, events already stored before, events dropped as suppressed.</summary>
public sealed record class SourceIngestResponse(int Records, int Accepted, int Duplicates, int Suppressed);
