using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace EngagementGrains.Gateway.Limits;

/// <summary>Which key a request spends: the id of the key it authenticated with (never the secret).</summary>
public static class KeyPartition
{
    /// <summary>The key id, or null for a request that presented none.</summary>
    public static string? Of(HttpContext context) => context.User.FindFirstValue(ClaimTypes.NameIdentifier);
}
