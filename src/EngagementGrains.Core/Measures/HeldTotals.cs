using System.Runtime.CompilerServices;

namespace EngagementGrains.Core.Measures;

/// <summary>
/// The running sum of numbers over every entry a sliding window holds, with how many numbers have each decimal
/// scale, so the window's sum and average cost what lies outside its run of entries, not all of them. The scales
/// give the sum the scale a plain sum of the window's numbers has (the largest among them), so "4.00" stays
/// "4.00" after a "3.125" left. Kept beside the state in memory only: not in the snapshot, not in the state's
/// equality; after a load it is summed once from the entries.
/// </summary>
internal sealed class HeldTotals
{
    private const int Scales = 29;
    private static readonly ConditionalWeakTable<MeasureState, HeldTotals> s_totals = new();

    private decimal _sum;
    private readonly long[] _numbersByScale = new long[Scales];

    /// <summary>Counts an entry just inserted, when the totals are kept already.</summary>
    public static void Added(MeasureState state, MeasureEntry entry)
    {
        if (entry.Number is { } number && s_totals.TryGetValue(state, out var totals))
        {
            totals._sum += number;
            totals._numbersByScale[number.Scale]++;
        }
    }

    /// <summary>Takes out entries [from, until) about to be removed, when the totals are kept already.</summary>
    public static void Removing(MeasureState state, int from, int until)
    {
        if (s_totals.TryGetValue(state, out var totals))
        {
            totals.Take(state.Entries, from, until, totals._numbersByScale, sign: -1);
        }
    }

    /// <summary>The sum and count of the numbers of entries [from, until), as a plain sum of them would give.</summary>
    public static (decimal Sum, long Numeric) Of(MeasureState state, int from, int until)
    {
        var totals = s_totals.GetValue(state, s =>
        {
            var fresh = new HeldTotals();
            fresh.Take(s.Entries, 0, s.Entries.Count, fresh._numbersByScale, sign: 1);
            return fresh;
        });

        var inside = (long[])totals._numbersByScale.Clone();
        var sum = totals._sum;
        sum -= Subtract(state.Entries, 0, from, inside);
        sum -= Subtract(state.Entries, until, state.Entries.Count, inside);
        var numeric = inside.Sum();
        if (numeric == 0)
        {
            return (0m, 0);
        }

        var scale = Array.FindLastIndex(inside, n => n > 0);
        return (decimal.Round(sum, scale), numeric);
    }

    private void Take(WindowEntryCollection entries, int from, int until, long[] byScale, int sign)
    {
        foreach (var entry in entries.Range(from, until))
        {
            if (entry.Number is { } number)
            {
                _sum += sign * number;
                byScale[number.Scale] += sign;
            }
        }
    }

    private static decimal Subtract(WindowEntryCollection entries, int from, int until, long[] byScale)
    {
        var sum = 0m;
        foreach (var entry in entries.Range(from, until))
        {
            if (entry.Number is { } number)
            {
                sum += number;
                byScale[number.Scale]--;
            }
        }

        return sum;
    }
}
