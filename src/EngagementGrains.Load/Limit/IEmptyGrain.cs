namespace EngagementGrains.Load.Limit;

/// <summary>A grain that does nothing: the cost of a call is the cost of Orleans itself.</summary>
public interface IEmptyGrain : IGrainWithStringKey
{
    /// <summary>Returns at once.</summary>
    Task PingAsync();
}
