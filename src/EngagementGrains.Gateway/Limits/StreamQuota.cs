using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace EngagementGrains.Gateway.Limits;

/// <summary>Counts the change-feed streams each key holds open on this Host; a stream holds a slot until it ends.</summary>
public sealed class StreamQuota(IOptions<LimitOptions> options)
{
    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>The most streams one key may hold open.</summary>
    public int Limit => options.Value.StreamsPerKey;

    /// <summary>A slot to dispose when the stream ends, or null when the key holds its limit already.</summary>
    public IDisposable? TryOpen(string key)
    {
        while (true)
        {
            var open = _open.GetOrAdd(key, 0);
            if (open >= Limit)
            {
                return null;
            }

            if (_open.TryUpdate(key, open + 1, open))
            {
                return new Slot(this, key);
            }
        }
    }

    private void Close(string key) => _open.AddOrUpdate(key, 0, (_, open) => Math.Max(0, open - 1));

    private sealed class Slot(StreamQuota quota, string key) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                quota.Close(key);
            }
        }
    }
}
