using System.Collections;

namespace EngagementGrains.Core.Measures;

/// <summary>
/// The entries a sliding window holds, in time order (then log order). They are kept in blocks of a few hundred,
/// so an entry that arrives out of order shifts one block, not the whole window: a person with a million events
/// in a year's window takes one as fast as a person with a thousand. Stored as one array in time order.
/// </summary>
[GenerateSerializer, Alias("eg.WindowEntries")]
public sealed class WindowEntryCollection : ICollection<MeasureEntry>, IReadOnlyList<MeasureEntry>
{
    private const int BlockSize = 256;

    [Id(0)] private List<List<MeasureEntry>> _blocks = [];
    [Id(1)] private int _count;

    // The index of each block's first entry, rebuilt when read after a change.
    [NonSerialized]
    private int[]? _starts;

    /// <summary>How many entries are held.</summary>
    public int Count => _count;

    bool ICollection<MeasureEntry>.IsReadOnly => false;

    /// <summary>The entry at <paramref name="index"/> in time order.</summary>
    public MeasureEntry this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _count);
            var starts = Starts();
            var block = Array.BinarySearch(starts, index);
            block = block >= 0 ? block : ~block - 1;
            return _blocks[block][index - starts[block]];
        }
    }

    /// <summary>Inserts an entry at its place in time order; one later than all is appended.</summary>
    public void Add(MeasureEntry item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_blocks.Count == 0)
        {
            // Sized by what it holds, not by the block size: most windows hold a few entries, and with 1,000
            // definitions a person holds dozens of windows (256 slots each were most of their 198 KiB of heap).
            _blocks.Add([item]);
        }
        else
        {
            // The last block whose first entry is not after the new one (or the first block).
            int low = 0, high = _blocks.Count - 1;
            while (low < high)
            {
                var middle = low + ((high - low + 1) / 2);
                if (MeasureEntry.Compare(_blocks[middle][0], item) <= 0)
                {
                    low = middle;
                }
                else
                {
                    high = middle - 1;
                }
            }

            var block = _blocks[low];
            if (MeasureEntry.Compare(block[^1], item) <= 0)
            {
                block.Add(item);
            }
            else
            {
                var at = block.BinarySearch(item, Comparer<MeasureEntry>.Create(MeasureEntry.Compare));
                block.Insert(at < 0 ? ~at : at, item);
            }

            if (block.Count >= 2 * BlockSize)
            {
                var tail = block.GetRange(BlockSize, block.Count - BlockSize);
                block.RemoveRange(BlockSize, block.Count - BlockSize);
                _blocks.Insert(low + 1, tail);
            }
        }

        _count++;
        _starts = null;
    }

    /// <summary>The index of the first entry that occurred after <paramref name="ms"/>; <see cref="Count"/> when none did.</summary>
    public int FirstAfter(long ms)
    {
        // The first block whose last entry occurred after ms holds it.
        int low = 0, high = _blocks.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (_blocks[middle][^1].OccurredAtMs > ms)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        if (low == _blocks.Count)
        {
            return _count;
        }

        var entries = _blocks[low];
        int first = 0, last = entries.Count;
        while (first < last)
        {
            var middle = first + ((last - first) / 2);
            if (entries[middle].OccurredAtMs > ms)
            {
                last = middle;
            }
            else
            {
                first = middle + 1;
            }
        }

        return Starts()[low] + first;
    }

    /// <summary>Removes the first <paramref name="count"/> entries (those that left the window).</summary>
    public void RemoveFirst(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _count);
        var left = count;
        var whole = 0;
        while (whole < _blocks.Count && _blocks[whole].Count <= left)
        {
            left -= _blocks[whole].Count;
            whole++;
        }

        _blocks.RemoveRange(0, whole);
        if (left > 0)
        {
            _blocks[0].RemoveRange(0, left);
        }

        _count -= count;
        _starts = null;
    }

    /// <summary>The entries [from, until) in time order.</summary>
    public IEnumerable<MeasureEntry> Range(int from, int until)
    {
        if (from >= until)
        {
            yield break;
        }

        var starts = Starts();
        var block = Array.BinarySearch(starts, from);
        block = block >= 0 ? block : ~block - 1;
        var index = from;
        for (; block < _blocks.Count && index < until; block++)
        {
            var entries = _blocks[block];
            for (var local = index - starts[block]; local < entries.Count && index < until; local++, index++)
            {
                yield return entries[local];
            }
        }
    }

    public void Clear()
    {
        _blocks.Clear();
        _count = 0;
        _starts = null;
    }

    public bool Contains(MeasureEntry item) => _blocks.Any(b => b.Contains(item));

    public void CopyTo(MeasureEntry[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var block in _blocks)
        {
            block.CopyTo(array, arrayIndex);
            arrayIndex += block.Count;
        }
    }

    public bool Remove(MeasureEntry item)
    {
        foreach (var block in _blocks)
        {
            if (block.Remove(item))
            {
                if (block.Count == 0)
                {
                    _blocks.Remove(block);
                }

                _count--;
                _starts = null;
                return true;
            }
        }

        return false;
    }

    public IEnumerator<MeasureEntry> GetEnumerator() => _blocks.SelectMany(b => b).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int[] Starts()
    {
        if (_starts is null)
        {
            var starts = new int[_blocks.Count];
            var next = 0;
            for (var i = 0; i < starts.Length; i++)
            {
                starts[i] = next;
                next += _blocks[i].Count;
            }

            _starts = starts;
        }

        return _starts;
    }
}
