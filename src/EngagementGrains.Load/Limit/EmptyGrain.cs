namespace EngagementGrains.Load.Limit;

/// <summary>The empty grain.</summary>
public sealed class EmptyGrain : Grain, IEmptyGrain
{
    Task IEmptyGrain.PingAsync() => Task.CompletedTask;
}
