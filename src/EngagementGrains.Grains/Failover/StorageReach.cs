using EngagementGrains.Storage;

namespace EngagementGrains.Grains.Failover;

/// <summary>Whether a store answers within a bound, however its driver behaves on a link that went silent.</summary>
public static class StorageReach
{
    /// <summary>True when the store answered a ping within <paramref name="timeout"/>.</summary>
    public static async Task<bool> PingAsync(IStorageProbe storage, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(storage);
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            // WaitAsync bounds the wait even when the driver does not honour the token on a silent connection.
            await storage.PingAsync(cancellation.Token).WaitAsync(cancellation.Token);
            return true;
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            return false;
        }
    }
}
