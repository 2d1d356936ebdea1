namespace EngagementGrains.Storage;

/// <summary>Answers whether the store can be reached now (readiness).</summary>
public interface IStorageProbe
{
    /// <summary>Completes when the store answers; throws when it does not.</summary>
    Task PingAsync(CancellationToken cancellationToken);
}
