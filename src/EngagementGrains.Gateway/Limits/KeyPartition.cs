using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace EngagementGrains.Gateway.Limits;

/// <summary>Which key a request spends: the id of the key it authenticated with (never the secret).</summary>
public static class KeyPartition
{
    /// <summary>The key id, or null for a request that presented none.</summary>
    public static string? Of(HttpContext context) => context.User.FindFirstValue(ClaimTypes.NameIdentifier);

    /// <summary>
    /// The key id a rate is counted against, or null when none is: no key, or an admin key. Rates protect the
    /// service from keys that may be public (a write key ships in every browser); an admin key is a secret
    /// that can already delete everything, and operators' backfills and tools need the whole capacity.
    /// </summary>
    public static string? RateLimited(HttpContext context) =>
        context.User.HasClaim(Keys.Scopes.ClaimType, Keys.Scopes.Admin) ? null : Of(context);
}
