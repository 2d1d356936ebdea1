using Orleans.Runtime;

namespace EngagementGrains.Abstractions.Storage;

/// <summary>
/// Makes an idempotent call again while it fails because a silo went away (<see cref="Transient"/>): three quick
/// attempts (200 and 400 ms apart), as always. A silo that is stopping gracefully rejects calls until every client
/// has dropped it from its gateway list, which takes up to the list's refresh period, so rejections are tried
/// again, a second apart, for up to <see cref="RejectionBudget"/>. A dead silo's calls are not: retrying those
/// longer sent them through a silo cut off from the others, and the partition test's stall grew from 5 s to 11 s.
/// A call that timed out is made once more, at once: a silo stopping gracefully can lose a call in flight, whose
/// caller then hears nothing until its response timeout (once in 25 rolling restarts here, and in CI).
/// </summary>
public static class TransientRetry
{
    /// <summary>Attempts for any transient failure.</summary>
    public const int QuickAttempts = 3;

    /// <summary>How long after the first attempt a rejected call (a stopping silo) is still made again.</summary>
    public static readonly TimeSpan RejectionBudget = TimeSpan.FromSeconds(8);

    /// <summary>Runs <paramref name="call"/>, again after each transient failure as above; other failures pass through.</summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var giveUpAt = DateTime.UtcNow + RejectionBudget;
        var timedOut = false;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (TimeoutException) when (!timedOut)
            {
                // Not a second time: a silo that is dead or cut off holds the call again, and its caller has waited enough.
                timedOut = true;
            }
            catch (Exception error) when (Transient.Is(error) && (attempt < QuickAttempts || (IsRejection(error) && DateTime.UtcNow < giveUpAt)))
            {
                await Task.Delay(attempt < QuickAttempts ? TimeSpan.FromMilliseconds(200 * attempt) : TimeSpan.FromSeconds(1));
            }
        }
    }

    private static bool IsRejection(Exception error) =>
        error is OrleansMessageRejectionException or GatewayTooBusyException || error.InnerException is OrleansMessageRejectionException;
}
