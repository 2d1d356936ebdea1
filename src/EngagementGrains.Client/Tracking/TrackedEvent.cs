namespace EngagementGrains.Client.Tracking;

/// <summary>An engagement event as a frontend sends it: the same envelope as <c>POST /v1/events</c>, checked by the same rules.</summary>
public sealed record class TrackedEvent
{
    /// <summary>1–128 printable characters; the idempotency key per individual.</summary>
    public required string EventId { get; init; }

    /// <summary>A catalog type (<c>PageViewed</c>, <c>EmailOpened</c>, …) or a custom name.</summary>
    public required string Type { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The individual's id; this and/or <see cref="Identities"/> is required.</summary>
    public string? IndividualId { get; init; }

    /// <summary>Contact points by identity type (<c>email</c>, <c>phone</c>, <c>anonymousId</c>, …).</summary>
    public IReadOnlyDictionary<string, string>? Identities { get; init; }

    /// <summary>A lower-case channel; defaults to the catalog type's channel.</summary>
    public string? Channel { get; init; }

    /// <summary>The event's attributes: values that serialize to JSON (strings, numbers, booleans, objects, arrays).</summary>
    public IReadOnlyDictionary<string, object?>? Attributes { get; init; }
}
