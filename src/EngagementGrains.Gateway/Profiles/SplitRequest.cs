namespace EngagementGrains.Gateway.Profiles;

/// <summary>The body of <c>POST /v1/profiles/{id}/split</c>: the contact points that belong to another person, by type (a value or a list of values).</summary>
/// <param name="Identities">For example <c>{"email": "kid@example.com", "phone": ["+15550100", "+15550101"]}</c>.</param>
public sealed record class SplitRequest(IReadOnlyDictionary<string, object> Identities);
