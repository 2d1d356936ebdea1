using EngagementGrains.Abstractions.Segments;

namespace EngagementGrains.Core.Segments;

/// <summary>
/// Keeps a segment's size history bounded: one sample a minute for the last day, one an hour (the hour's last
/// size, its enters and exits summed) for the 90 days before, nothing older.
/// </summary>
public static class SizeHistory
{
    /// <summary>How long samples keep their minute resolution.</summary>
    public static readonly TimeSpan MinuteSpan = TimeSpan.FromDays(1);

    /// <summary>How long hourly samples are kept.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(90);

    /// <summary>The minute a time falls in.</summary>
    public static DateTimeOffset MinuteOf(DateTimeOffset at) => Truncate(at, TimeSpan.FromMinutes(1));

    /// <summary>
    /// The history with <paramref name="sample"/> added (replacing one of the same minute: the last sample of a
    /// minute is its size), folded and trimmed as of the sample's time.
    /// </summary>
    public static IReadOnlyList<SegmentSizeSample> Add(IReadOnlyList<SegmentSizeSample> history, SegmentSizeSample sample)
    {
        var at = MinuteOf(sample.At);
        var samples = new List<SegmentSizeSample>(history.Count + 1);
        samples.AddRange(history.Where(s => s.At < at));
        var same = history.Where(s => s.At == at).ToArray();
        samples.Add(sample with
        {
            At = at,
            Entered = sample.Entered + same.Sum(s => s.Entered),
            Exited = sample.Exited + same.Sum(s => s.Exited),
        });
        return Fold(samples, at);
    }

    /// <summary>Folds minutes older than a day into hours and drops what is older than <see cref="Kept"/>.</summary>
    public static IReadOnlyList<SegmentSizeSample> Fold(IReadOnlyList<SegmentSizeSample> samples, DateTimeOffset now)
    {
        var minutesFrom = now - MinuteSpan;
        var keptFrom = now - Kept;
        var folded = samples
            .Where(s => s.At >= keptFrom && s.At < minutesFrom)
            .GroupBy(s => Truncate(s.At, TimeSpan.FromHours(1)))
            .Select(hour =>
            {
                var ordered = hour.OrderBy(s => s.At).ToArray();
                return new SegmentSizeSample(hour.Key, ordered[^1].Size, ordered.Sum(s => s.Entered), ordered.Sum(s => s.Exited));
            });
        return folded.Concat(samples.Where(s => s.At >= minutesFrom)).OrderBy(s => s.At).ToArray();
    }

    private static DateTimeOffset Truncate(DateTimeOffset at, TimeSpan unit)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % unit.Ticks), TimeSpan.Zero);
    }
}
