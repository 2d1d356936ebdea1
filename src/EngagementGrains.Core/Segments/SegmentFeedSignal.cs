using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace EngagementGrains.Core.Segments;

/// <summary>
/// Tells the change-feed streams of a segment, in this process, that changes of it have committed: "look now".
/// It carries no changes; a stream still reads from its position in the store, so a signal lost, doubled or
/// early can only cost a read or a wait until the next poll, never a change skipped or out of order.
/// </summary>
public sealed class SegmentFeedSignal
{
    private readonly ConcurrentDictionary<string, StrongBox<TaskCompletionSource>> _latches = new(StringComparer.Ordinal);
    private volatile bool _reliable = true;

    /// <summary>
    /// Whether every commit that matters to this process's streams is signalled. False while a remote source
    /// (the PostgreSQL listener) is away, so streams fall back to their short poll.
    /// </summary>
    public bool Reliable => _reliable;

    /// <summary>
    /// A task that completes at the next signal for the segment. Take it <em>before</em> reading the feed: a
    /// commit between the read and the wait has then already completed it, so no commit goes unseen.
    /// </summary>
    public Task Next(string segment) => Volatile.Read(ref _latches.GetOrAdd(segment, static _ => new(NewLatch())).Value!).Task;

    /// <summary>Wakes the segment's streams (after a commit that recorded changes of it).</summary>
    public void Raise(string segment)
    {
        // Only segments a stream has waited on hold a latch; with none, nobody is waiting.
        if (_latches.TryGetValue(segment, out var latch))
        {
            Release(latch);
        }
    }

    /// <summary>Wakes every stream: commits may have gone unsignalled (a listener reconnected).</summary>
    public void RaiseAll()
    {
        foreach (var latch in _latches.Values)
        {
            Release(latch);
        }
    }

    /// <summary>The remote source is away: streams poll briefly until it is back.</summary>
    public void MarkUnreliable()
    {
        _reliable = false;

        // Streams waiting out the long poll pick the short one up at once.
        RaiseAll();
    }

    /// <summary>The remote source listens again; commits made while it was away are caught by one read of every stream.</summary>
    public void MarkReliable()
    {
        RaiseAll();
        _reliable = true;
    }

    // Each signal completes the waiting latch and puts a fresh one in its place for the next waiters.
    private static void Release(StrongBox<TaskCompletionSource> latch) => Interlocked.Exchange(ref latch.Value!, NewLatch()).TrySetResult();

    private static TaskCompletionSource NewLatch() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
