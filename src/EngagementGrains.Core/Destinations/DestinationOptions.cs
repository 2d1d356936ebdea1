namespace EngagementGrains.Core.Destinations;

/// <summary>Webhook delivery settings (<c>EngagementGrains:Destinations</c>); tests shrink the delays.</summary>
public sealed class DestinationOptions
{
    public const string SectionName = "EngagementGrains:Destinations";

    /// <summary>Allow destinations in private and link-local networks (10/8, 172.16/12, 192.168/16, 169.254/16, fc00::/7, fe80::/10).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>How often a destination with work (changes pending or just delivered) looks at its feeds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often a destination that found nothing to deliver looks again.</summary>
    public TimeSpan IdlePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often every silo makes sure each destination's delivery loop is running.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest one delivery attempt may take, connecting included.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait after a change's first failed attempt; it doubles with every failure.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts.</summary>
    public TimeSpan LongestRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a change is retried (by the domain clock) before the destination is marked failing.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many recent attempts a destination keeps for <c>GET /v1/destinations/{name}/deliveries</c>.</summary>
    public int AttemptsKept { get; set; } = 100;
}
