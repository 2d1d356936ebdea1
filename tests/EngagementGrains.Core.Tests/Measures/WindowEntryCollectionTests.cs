using System.Text.Json;
using EngagementGrains.Core.Measures;
using FsCheck.Xunit;

namespace EngagementGrains.Core.Tests.Measures;

/// <summary>
/// The blocked window against a plain sorted list: random insertions in and out of order (many sharing an
/// instant, enough to split blocks many times), the oldest removed now and then, and a JSON round trip as a
/// snapshot makes one; order, positions, searches and ranges must agree at every step.
/// </summary>
public sealed class WindowEntryCollectionTests
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    [Property(MaxTest = 200)]
    public bool Agrees_with_a_sorted_list(int seed)
    {
        var random = new Random(seed);
        var window = new WindowEntryCollection();
        var reference = new List<MeasureEntry>();
        var inOrder = random.Next(3) == 0;
        var count = random.Next(0, 3000);
        for (var sequence = 1; sequence <= count; sequence++)
        {
            var at = inOrder ? sequence / 3 : random.Next(0, 2000);
            var entry = new MeasureEntry(at, sequence, random.Next(4) == 0 ? null : random.Next(100), null);
            window.Add(entry);
            reference.Add(entry);
            reference.Sort(MeasureEntry.Compare);

            if (random.Next(500) == 0)
            {
                var gone = random.Next(0, reference.Count + 1);
                window.RemoveFirst(gone);
                reference.RemoveRange(0, gone);
            }

            if (random.Next(300) == 0)
            {
                window = JsonSerializer.Deserialize<WindowEntryCollection>(JsonSerializer.Serialize(window, s_json), s_json)!;
            }

            if ((sequence % 97 == 0 || sequence == count) && !Agrees(window, reference, random))
            {
                return false;
            }
        }

        return Agrees(window, reference, random);
    }

    private static bool Agrees(WindowEntryCollection window, List<MeasureEntry> reference, Random random)
    {
        if (window.Count != reference.Count || !window.SequenceEqual(reference))
        {
            return false;
        }

        for (var probe = 0; probe < 20; probe++)
        {
            var ms = random.Next(-5, 2005);
            var index = reference.FindIndex(e => e.OccurredAtMs > ms);
            if (window.FirstAfter(ms) != (index < 0 ? reference.Count : index))
            {
                return false;
            }

            if (reference.Count > 0)
            {
                var at = random.Next(reference.Count);
                var until = random.Next(at, reference.Count + 1);
                if (!Equals(window[at], reference[at]) || !window.Range(at, until).SequenceEqual(reference.GetRange(at, until - at)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Fact]
    public void A_snapshot_of_it_is_one_array_in_time_order()
    {
        var window = new WindowEntryCollection { new(20, 2, 1m, null), new(10, 1, null, "\"a\"") };

        var json = JsonSerializer.Serialize(window, s_json);

        Assert.Equal("""[{"occurredAtMs":10,"sequence":1,"number":null,"json":"\u0022a\u0022"},{"occurredAtMs":20,"sequence":2,"number":1,"json":null}]""", json);
    }
}
