namespace EngagementGrains.Abstractions.Events;

/// <summary>A validated, normalised engagement event on its way to (or read back from) an individual.</summary>
[GenerateSerializer, Immutable, Alias("eg.EngagementEvent")]
public sealed record class EngagementEvent
{
    /// <summary>The sender's idempotency key, unique per individual.</summary>
    [Id(0)] public required string EventId { get; init; }

    /// <summary>Catalog type name, or a custom name.</summary>
    [Id(1)] public required string Type { get; init; }

    /// <summary>When the engagement happened; every window is defined on this, never on arrival.</summary>
    [Id(2)] public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>The channel, from the event or the catalog default.</summary>
    [Id(3)] public required string Channel { get; init; }

    /// <summary>Normalised contact points carried by the event, keyed by identity type.</summary>
    [Id(4)] public IReadOnlyDictionary<string, string>? Identities { get; init; }

    /// <summary>The attributes as a compact JSON object, coerced to the catalog's field types.</summary>
    [Id(5)] public string AttributesJson { get; init; } = "{}";

    /// <summary>Identity keys (<c>type:value</c>) on the event that already belong to another individual.</summary>
    [Id(6)] public IReadOnlyList<string>? ConflictingIdentities { get; init; }
}
