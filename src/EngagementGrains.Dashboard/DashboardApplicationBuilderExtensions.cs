using EngagementGrains.Dashboard.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace EngagementGrains.Dashboard;

/// <summary>The dashboard's middleware: its sign-in as the user of its own requests, and antiforgery for its forms.</summary>
public static class DashboardApplicationBuilderExtensions
{
    /// <summary>Call after <c>UseAuthorization</c>.</summary>
    public static IApplicationBuilder UseEngagementDashboard(this IApplicationBuilder app)
    {
        // The API's default scheme is the key header; the dashboard's pages and its Blazor connection are signed
        // in with the cookie, so the interactive components see the signed-in key, not an anonymous user.
        app.Use(async (HttpContext context, RequestDelegate next) =>
        {
            var path = context.Request.Path;
            if (path.StartsWithSegments("/_blazor") || path.StartsWithSegments("/dashboard"))
            {
                var result = await context.AuthenticateAsync(DashboardAccess.Scheme);
                if (result.Succeeded)
                {
                    context.User = result.Principal;
                }
            }

            await next(context);
        });
        app.UseAntiforgery();
        return app;
    }
}
