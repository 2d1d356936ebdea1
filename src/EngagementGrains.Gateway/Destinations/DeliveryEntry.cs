using EngagementGrains.Abstractions.Destinations;
using EngagementGrains.Gateway.Profiles;

namespace EngagementGrains.Gateway.Destinations;

/// <summary>One delivery attempt.</summary>
/// <param name="WebhookId">The <c>webhook-id</c> sent (<c>{segment}:{position}</c>; the same on every attempt at a change).</param>
/// <param name="At">When the attempt started.</param>
/// <param name="StatusCode">The receiver's status, or null when no answer came.</param>
/// <param name="LatencyMs">How long the attempt took.</param>
/// <param name="Error">Why it failed, or null when it was acknowledged (2xx).</param>
public sealed record class DeliveryEntry(string WebhookId, string At, int? StatusCode, long LatencyMs, string? Error)
{
    public static DeliveryEntry From(DeliveryAttempt attempt) =>
        new(attempt.WebhookId, ApiJson.Timestamp(attempt.At), attempt.StatusCode, attempt.LatencyMs, attempt.Error);
}
