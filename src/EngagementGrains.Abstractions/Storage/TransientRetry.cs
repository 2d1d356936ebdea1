namespace EngagementGrains.Abstractions.Storage;

/// <summary>
/// Makes an idempotent call again while it fails because a silo went away (<see cref="Transient"/>). A silo that
/// stops gracefully rejects calls until every client has dropped it from its gateway list, which takes up to the
/// list's refresh period: three quick attempts (600 ms) were not enough on a busy machine, so the retries span
/// <see cref="Budget"/>, backing off from 100 ms to 1 s.
/// </summary>
public static class TransientRetry
{
    /// <summary>How long a call keeps being made again after its first failure.</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(8);

    /// <summary>Runs <paramref name="call"/>, again after each transient failure within the budget; other failures pass through.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var giveUpAt = DateTime.UtcNow + Budget;
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (Transient.Is(error) && DateTime.UtcNow + delay < giveUpAt)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
            }
        }
    }
}
