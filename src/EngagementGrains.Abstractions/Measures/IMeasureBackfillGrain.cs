namespace EngagementGrains.Abstractions.Measures;

/// <summary>Recomputes one measure over every stored individual (key: the measure name).</summary>
public interface IMeasureBackfillGrain : IGrainWithStringKey
{
    /// <summary>Starts (or restarts) the backfill of this version; returns at once.</summary>
    Task StartAsync(long version);
}
