namespace EngagementGrains.Abstractions.Individuals;

/// <summary>Filters and paging of a timeline read.</summary>
[GenerateSerializer, Immutable, Alias("eg.TimelineQuery")]
public sealed record class TimelineQuery
{
    [Id(0)] public IReadOnlyList<string>? Types { get; init; }
    [Id(1)] public DateTimeOffset? From { get; init; }
    [Id(2)] public DateTimeOffset? To { get; init; }
    [Id(3)] public int Limit { get; init; } = 50;

    /// <summary>Resume after this position (exclusive), as returned by the previous page.</summary>
    [Id(4)] public TimelinePosition? After { get; init; }
}
