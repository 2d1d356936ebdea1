namespace EngagementGrains.Gateway.Definitions;

/// <summary>How far a definition's backfill is.</summary>
/// <param name="Processed">Individuals recomputed so far.</param>
/// <param name="Total">Individuals to recompute; null until counted.</param>
public sealed record class BackfillProgress(long Processed, long? Total);
