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

    /// <summary>The most attributes (top-level fields of <c>attributes</c>) one event may carry.</summary>
    public int MaxAttributes { get; init; } = 200;

    /// <summary>How deeply objects and arrays may nest inside one attribute's value.</summary>
    public int MaxAttributeDepth { get; init; } = 16;

    /// <summary>The longest string, in characters, anywhere in an attribute's value.</summary>
    public int MaxStringLength { get; init; } = 8 * 1024;

    /// <summary>How far ahead of the server clock an occurredAt may be (sender clock skew).</summary>
    public TimeSpan MaxFutureSkew { get; init; } = TimeSpan.FromDays(1);
}
