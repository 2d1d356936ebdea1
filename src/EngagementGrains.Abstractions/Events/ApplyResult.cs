namespace EngagementGrains.Abstractions.Events;

/// <summary>
/// What an individual did with a batch: how many events were new and how many it had already; or,
/// when it was merged into another individual, that survivor's id and nothing applied. At intake, also how
/// many events were dropped because they name a suppressed (erased) contact point.
/// </summary>
[GenerateSerializer, Immutable, Alias("eg.ApplyResult")]
public sealed record class ApplyResult(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int Duplicates,
    [property: Id(2)] string? MergedInto = null,
    [property: Id(3)] int Suppressed = 0);
