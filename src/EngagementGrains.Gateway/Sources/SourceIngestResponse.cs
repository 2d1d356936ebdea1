namespace EngagementGrains.Gateway.Sources;

/// <summary>The answer to a source request: records read, events stored, events already stored before.</summary>
public sealed record class SourceIngestResponse(int Records, int Accepted, int Duplicates);
