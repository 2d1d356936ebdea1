using EngagementGrains.Dashboard;

namespace EngagementGrains.Host.Hosting;

/// <summary>The operators' dashboard on a process that serves the API, with its static assets found wherever the Host runs from.</summary>
public static class DashboardHostingExtensions
{
    public static WebApplicationBuilder AddEngagementDashboard(this WebApplicationBuilder builder)
    {
        // Blazor's script and the dashboard's stylesheet are static web assets: a published Host has them in
        // wwwroot, but `dotnet run` and `dotnet …/bin/…/EngagementGrains.Host.dll` in Production only find them
        // through the build's manifest, which ASP.NET Core reads by itself in Development alone.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddEngagementDashboard(builder.Configuration);
        return builder;
    }
}
