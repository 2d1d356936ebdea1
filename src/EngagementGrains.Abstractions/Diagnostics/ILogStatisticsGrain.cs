namespace EngagementGrains.Abstractions.Diagnostics;

/// <summary>Counts what the durable log holds (stateless; any key).</summary>
public interface ILogStatisticsGrain : IGrainWithIntegerKey
{
    /// <summary>Events stored in the log (each acknowledged event once).</summary>
    Task<long> CountEventsAsync();
}
