namespace EngagementGrains.Abstractions.Identity;

/// <summary>The end of a split: the individual that took the contact points split off, and how many events each side holds.</summary>
[GenerateSerializer, Immutable, Alias("eg.SplitResult")]
public sealed record class SplitResult(
    [property: Id(0)] SplitStatus Status,
    [property: Id(1)] string? Detail = null,
    [property: Id(2)] string? SplitOffId = null,
    [property: Id(3)] long SplitOffEvents = 0,
    [property: Id(4)] long RemainingEvents = 0);
