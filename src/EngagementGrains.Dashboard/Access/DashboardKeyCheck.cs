using Microsoft.Extensions.DependencyInjection;
using System.Security.Claims;
using EngagementGrains.Gateway.Keys;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace EngagementGrains.Dashboard.Access;

/// <summary>
/// Re-checks the signed-in key on every request exactly as the API checks it, so a revoked or expired key, or one
/// whose scopes changed, loses the dashboard at once.
/// </summary>
public static class DashboardKeyCheck
{
    /// <summary>The principal a dashboard cookie carries for an accepted key.</summary>
    public static ClaimsPrincipal Principal(string presented, KeyCheck check)
    {
        var claims = check.Scopes.Select(s => new Claim(Scopes.ClaimType, s))
            .Append(new Claim(ClaimTypes.NameIdentifier, check.KeyId!))
            .Append(new Claim(ClaimTypes.Name, check.KeyId!))
            .Append(new Claim(DashboardAccess.KeyClaim, presented));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, DashboardAccess.Scheme));
    }

    /// <summary>True when a key may sign in: it reads (a read or admin scope).</summary>
    public static bool MayRead(KeyCheck check) => check.Accepted && (check.Scopes.Contains(Scopes.Read) || check.Scopes.Contains(Scopes.Admin));

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var presented = context.Principal?.FindFirst(DashboardAccess.KeyClaim)?.Value;
        var validator = context.HttpContext.RequestServices.GetRequiredService<ApiKeyValidator>();
        var check = presented is null ? null : await validator.CheckAsync(presented);
        if (check is null || !MayRead(check))
        {
            context.RejectPrincipal();
            return;
        }

        var current = context.Principal!.FindAll(Scopes.ClaimType).Select(c => c.Value).Order(StringComparer.Ordinal);
        if (!current.SequenceEqual(check.Scopes.Order(StringComparer.Ordinal)))
        {
            context.ReplacePrincipal(Principal(presented!, check));
            context.ShouldRenew = true;
        }
    }
}
