namespace EngagementGrains.Abstractions.Definitions;

/// <summary>Recomputes one definition over every stored individual (key: <c>kind/name</c>).</summary>
public interface IBackfillGrain : IGrainWithStringKey
{
    /// <summary>Starts (or restarts) the backfill of this version; returns at once.</summary>
    Task StartAsync(long version);
}
