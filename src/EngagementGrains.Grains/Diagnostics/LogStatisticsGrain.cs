using EngagementGrains.Abstractions.Diagnostics;
using EngagementGrains.Storage.EventLog;
using Orleans.Concurrency;

namespace EngagementGrains.Grains.Diagnostics;

/// <summary>Reads log counts for operators and the benchmark's lost-event check.</summary>
[StatelessWorker]
public sealed class LogStatisticsGrain(IEventLog log) : Grain, ILogStatisticsGrain
{
    Task<long> ILogStatisticsGrain.CountEventsAsync() => log.CountEventsAsync();
}
