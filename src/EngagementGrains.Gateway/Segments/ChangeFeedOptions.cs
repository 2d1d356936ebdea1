namespace EngagementGrains.Gateway.Segments;

/// <summary>How an open change-feed stream looks for changes besides being woken (section <c>EngagementGrains:Feed</c>).</summary>
public sealed class ChangeFeedOptions
{
    public const string SectionName = "EngagementGrains:Feed";

    /// <summary>
    /// The safety-net poll while commits are signalled to this process: a stream is woken by the commit itself,
    /// so this only bounds how long a change whose signal went missing waits.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The poll while the signal's source is away (a gateway's PostgreSQL listener reconnecting).</summary>
    public TimeSpan UnsignalledPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);
}
