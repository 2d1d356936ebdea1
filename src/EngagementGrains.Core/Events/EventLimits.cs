namespace EngagementGrains.Core.Events;

/// <summary>Size and time limits applied to incoming events (defaults follow the contract).</summary>
public sealed record class EventLimits
{
    public const int DefaultMaxEventBytes = 32 * 1024;
    public const int DefaultMaxRequestBytes = 500 * 1024;

    /// <summary>The largest single event, in bytes of JSON.</summary>
    public int MaxEventBytes { get; init; } = DefaultMaxEventBytes;

    /// <summary>The largest request body, in bytes.</summary>
    public int MaxRequestBytes { get; init; } = DefaultMaxRequestBytes;

    /// <summary>How far ahead of the server clock an occurredAt may be (sender clock skew).</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromDays(1);
}
