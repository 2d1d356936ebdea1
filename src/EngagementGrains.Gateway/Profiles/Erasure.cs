namespace EngagementGrains.Gateway.Profiles;

/// <summary>What <c>DELETE /v1/profiles/{id}</c> removed.</summary>
/// <param name="Erased">Always true: a missing individual is a 404.</param>
/// <param name="Individuals">The individual and everyone merged into it.</param>
/// <param name="Identities">Contact points removed.</param>
/// <param name="Events">Events removed.</param>
/// <param name="Suppressed">True when the contact points went on the suppression list (the default).</param>
public sealed record class Erasure(bool Erased, IReadOnlyList<string> Individuals, int Identities, int Events, bool Suppressed);
