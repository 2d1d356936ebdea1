namespace EngagementGrains.Abstractions.Destinations;

/// <summary>One attempt to deliver one change: its webhook id, the answer's status (null when none came), how long, why it failed.</summary>
[GenerateSerializer, Immutable, Alias("eg.DeliveryAttempt")]
public sealed record class DeliveryAttempt(
    [property: Id(0)] string WebhookId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] int? StatusCode,
    [property: Id(3)] long LatencyMs,
    [property: Id(4)] string? Error);
