using EngagementGrains.Abstractions.Identity;

namespace EngagementGrains.Gateway.Profiles;

/// <summary>An individual's identity graph (<c>GET /v1/profiles/{id}/identities</c>).</summary>
/// <param name="IndividualId">The individual's id.</param>
/// <param name="Identities">Its contact points.</param>
/// <param name="Merged">Individuals merged into it.</param>
/// <param name="Refused">Contact points its events carried that the merge rules kept off it.</param>
/// <param name="SeparatedFrom">Individuals split apart from it, whose contact points it may not merge with.</param>
public sealed record class IdentityGraph(
    string IndividualId, IReadOnlyList<IdentityLink> Identities, IReadOnlyList<MergedIndividual> Merged, IReadOnlyList<IdentityLink> Refused,
    IReadOnlyList<SeparatedIndividual> SeparatedFrom)
{
    public static IdentityGraph From(IdentityGraphView graph) => new(
        graph.IndividualId,
        graph.Identities.Select(IdentityLink.Parse).ToArray(),
        graph.Merged.Select(m => new MergedIndividual(m.IndividualId, ApiJson.Timestamp(m.MergedAt))).ToArray(),
        graph.Conflicts.Select(IdentityLink.Parse).ToArray(),
        (graph.Separations ?? []).Select(s => new SeparatedIndividual(s.IndividualId, s.Identities.Select(IdentityLink.Parse).ToArray(), ApiJson.Timestamp(s.SplitAt))).ToArray());
}
