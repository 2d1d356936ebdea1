namespace EngagementGrains.Grains.Destinations;

/// <summary>How one HTTP attempt ended: the status when an answer came, or why none did.</summary>
public sealed record class DeliveryOutcome(int? StatusCode, string? Error, TimeSpan Latency)
{
    /// <summary>Only a 2xx acknowledges a change; anything else is tried again.</summary>
    public bool Delivered => StatusCode is >= 200 and < 300;
}
