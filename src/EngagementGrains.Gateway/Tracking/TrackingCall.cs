using System.Text.Json;

namespace EngagementGrains.Gateway.Tracking;

/// <summary>
/// A Segment HTTP Tracking API call (<c>track</c>, <c>identify</c>, <c>page</c>, <c>screen</c>, <c>group</c>,
/// <c>alias</c>). It describes the request in the API document; the body is read and validated as Segment
/// documents it.
/// </summary>
/// <param name="Type">The call's type; needed inside a batch only.</param>
/// <param name="UserId">A string or a number; this or <c>anonymousId</c> is required (both for <c>alias</c>).</param>
/// <param name="AnonymousId">A string or a number.</param>
/// <param name="MessageId">The idempotency key; without one the call is keyed by a hash of its content.</param>
/// <param name="Event">The event name of a <c>track</c> call (<c>Order Completed</c> maps to <c>OrderPlaced</c>, …).</param>
/// <param name="Name">The page or screen name.</param>
/// <param name="Category">The page category.</param>
/// <param name="Properties">The call's properties (track, page, screen).</param>
/// <param name="Traits">The person's traits (identify) or the group's (group).</param>
/// <param name="Context">Kept as the event's <c>context</c> attribute.</param>
/// <param name="Timestamp">When it happened, by the client's clock.</param>
/// <param name="OriginalTimestamp">When it happened, by the client's clock before any correction; preferred over <c>timestamp</c>.</param>
/// <param name="SentAt">When the client sent it; corrects the client's clock skew.</param>
/// <param name="GroupId">The group of a <c>group</c> call.</param>
/// <param name="PreviousId">The earlier id of an <c>alias</c> call.</param>
public sealed record class TrackingCall(
    string? Type = null,
    JsonElement? UserId = null,
    JsonElement? AnonymousId = null,
    string? MessageId = null,
    string? Event = null,
    string? Name = null,
    string? Category = null,
    IReadOnlyDictionary<string, JsonElement>? Properties = null,
    IReadOnlyDictionary<string, JsonElement>? Traits = null,
    IReadOnlyDictionary<string, JsonElement>? Context = null,
    string? Timestamp = null,
    string? OriginalTimestamp = null,
    string? SentAt = null,
    string? GroupId = null,
    string? PreviousId = null);
