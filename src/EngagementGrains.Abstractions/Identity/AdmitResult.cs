namespace EngagementGrains.Abstractions.Identity;

/// <summary>
/// The contact points an individual took on within its limits; or that it took none because one that
/// had to fit did not (the event is about someone else); or the survivor it was merged into.
/// </summary>
[GenerateSerializer, Immutable, Alias("eg.AdmitResult")]
public sealed record class AdmitResult(
    [property: Id(0)] IReadOnlyList<string> Admitted,
    [property: Id(1)] string? MergedInto = null,
    [property: Id(2)] bool Refused = false);
