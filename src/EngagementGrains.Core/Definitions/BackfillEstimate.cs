namespace EngagementGrains.Core.Definitions;

/// <summary>Time left of a backfill from two readings of its progress: the rate between them over what remains.</summary>
public static class BackfillEstimate
{
    /// <summary>The time left, or null while the rate or the total is not known yet.</summary>
    public static TimeSpan? Left(long processedBefore, DateTimeOffset before, long processedNow, DateTimeOffset now, long? total)
    {
        var seconds = (now - before).TotalSeconds;
        if (total is not { } all || seconds <= 0 || processedNow <= processedBefore)
        {
            return null;
        }

        var perSecond = (processedNow - processedBefore) / seconds;
        return TimeSpan.FromSeconds(Math.Max(0, all - processedNow) / perSecond);
    }
}
