namespace EngagementGrains.Core.Identity;

/// <summary>
/// A split written down before any of its steps, so that an activation after a crash completes it: every step
/// (the other side taking its events, the contact points relinked, the events removed here) may be repeated.
/// </summary>
/// <param name="AwayId">The individual that takes the contact points split off.</param>
/// <param name="AwayKeys">The contact points split off.</param>
/// <param name="At">When the split was asked for.</param>
/// <param name="AwayAbsorbed">The individuals merged in earlier that leave, decided once from the whole log: a
/// completion after a crash sees a log the first attempt already thinned, and must not decide again.</param>
[GenerateSerializer, Immutable, Alias("eg.PendingSplit")]
public sealed record class PendingSplit(
    [property: Id(0)] string AwayId,
    [property: Id(1)] IReadOnlyList<string> AwayKeys,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] IReadOnlyList<string> AwayAbsorbed);
