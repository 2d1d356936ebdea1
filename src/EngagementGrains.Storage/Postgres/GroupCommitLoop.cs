using System.Threading.Channels;

namespace EngagementGrains.Storage.Postgres;

/// <summary>The loop of a PostgreSQL group-commit writer: what queued while the last commit ran goes in the next one.</summary>
internal static class GroupCommitLoop
{
    /// <summary>
    /// Until the queue completes, hands <paramref name="commit"/> every item waiting (up to <paramref name="maxSize"/>
    /// by <paramref name="sizeOf"/>, and always at least one); <paramref name="commit"/> answers each item's caller.
    /// </summary>
    public static async Task RunAsync<T>(ChannelReader<T> queue, int maxSize, Func<T, int> sizeOf, Func<List<T>, Task> commit)
    {
        var batch = new List<T>();
        while (await queue.WaitToReadAsync())
        {
            batch.Clear();
            var size = 0;
            while (size < maxSize && queue.TryRead(out var item))
            {
                batch.Add(item);
                size += sizeOf(item);
            }

            await commit(batch);
        }
    }
}
