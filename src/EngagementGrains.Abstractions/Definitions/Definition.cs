namespace EngagementGrains.Abstractions.Definitions;

/// <summary>A stored measure or segment definition with its version and backfill status.</summary>
[GenerateSerializer, Immutable, Alias("eg.Definition")]
public sealed record class Definition
{
    public const string Backfilling = "backfilling";
    public const string Ready = "ready";

    [Id(0)] public required string Name { get; init; }

    /// <summary>Increases on every change of any definition of its kind; individuals recompute when it differs.</summary>
    [Id(1)] public required long Version { get; init; }

    /// <summary>The definition body as JSON, as it was accepted.</summary>
    [Id(2)] public required string Json { get; init; }
    [Id(3)] public required DateTimeOffset UpdatedAt { get; init; }
    [Id(4)] public string Status { get; init; } = Backfilling;
    [Id(5)] public long Processed { get; init; }
    [Id(6)] public long? Total { get; init; }
    [Id(7)] public DateTimeOffset? ReadyAt { get; init; }

    /// <summary>
    /// The version at which this name was created; kept by changes, new when a deleted name is defined again,
    /// so memberships of the deleted definition are not taken for memberships of the new one.
    /// </summary>
    [Id(8)] public long Created { get; init; }
}
