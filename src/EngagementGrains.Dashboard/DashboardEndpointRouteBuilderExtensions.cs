using Microsoft.Extensions.DependencyInjection;
using EngagementGrains.Dashboard.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;

namespace EngagementGrains.Dashboard;

/// <summary>Maps the dashboard at <c>/dashboard</c>, its static assets, sign-out and the Orleans Dashboard (admin only), all kept out of the OpenAPI document.</summary>
public static class DashboardEndpointRouteBuilderExtensions
{
    public const string OrleansDashboardPath = "/dashboard/orleans";

    public static IEndpointRouteBuilder MapEngagementDashboard(this IEndpointRouteBuilder app)
    {
        app.MapStaticAssets().ExcludeFromDescription();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().ExcludeFromDescription();
        app.MapPost(DashboardAccess.SignOutPath, async (HttpContext context) =>
        {
            await context.SignOutAsync(DashboardAccess.Scheme);
            return TypedResults.Redirect(DashboardAccess.SignInPath);
        }).DisableAntiforgery().ExcludeFromDescription();
        if (app.ServiceProvider.GetRequiredService<IOptions<EngagementDashboardOptions>>().Value.OrleansDashboard)
        {
            app.MapOrleansDashboard(OrleansDashboardPath).RequireAuthorization(DashboardAccess.AdminPolicy).ExcludeFromDescription();
        }

        return app;
    }
}
