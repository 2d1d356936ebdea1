namespace EngagementGrains.Abstractions.Events;

/// <summary>What an individual did with a batch: how many events were new and how many it had already.</summary>
[GenerateSerializer, Immutable, Alias("eg.ApplyResult")]
public sealed record class ApplyResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int Duplicates);
