using Microsoft.Extensions.DependencyInjection;
using EngagementGrains.Dashboard.Access;
using EngagementGrains.Dashboard.Activity;
using EngagementGrains.Dashboard.Cluster;
using EngagementGrains.Gateway.Keys;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace EngagementGrains.Dashboard;

/// <summary>Registers the operators' dashboard: Blazor with interactive server rendering, its sign-in cookie and its samplers.</summary>
public static class DashboardServiceCollectionExtensions
{
    public static IServiceCollection AddEngagementDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(EngagementDashboardOptions.SectionName).Get<EngagementDashboardOptions>() ?? new();
        services.AddOptions<EngagementDashboardOptions>().BindConfiguration(EngagementDashboardOptions.SectionName);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddAuthentication().AddCookie(DashboardAccess.Scheme, cookie =>
        {
            cookie.LoginPath = DashboardAccess.SignInPath;
            cookie.AccessDeniedPath = DashboardAccess.RefusedPath;
            cookie.Cookie.Name = "eg_dashboard";
            // The Blazor connection (/_blazor) carries the sign-in too, so the cookie is for the whole origin.
            cookie.Cookie.Path = "/";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.ExpireTimeSpan = options.SignInLifetime;
            cookie.SlidingExpiration = true;
            cookie.Events.OnValidatePrincipal = DashboardKeyCheck.ValidateAsync;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardAccess.ReadPolicy, p => p.AddAuthenticationSchemes(DashboardAccess.Scheme)
                .RequireClaim(Scopes.ClaimType, Scopes.Read, Scopes.Admin))
            .AddPolicy(DashboardAccess.AdminPolicy, p => p.AddAuthenticationSchemes(DashboardAccess.Scheme)
                .RequireClaim(Scopes.ClaimType, Scopes.Admin));
        services.AddSingleton<IngestActivity>();
        services.AddHostedService(sp => sp.GetRequiredService<IngestActivity>());
        services.AddSingleton<ClusterView>();
        return services;
    }
}
