namespace EngagementGrains.Dashboard;

/// <summary>The dashboard's settings (<c>EngagementGrains:Dashboard</c>).</summary>
public sealed class EngagementDashboardOptions
{
    public const string SectionName = "EngagementGrains:Dashboard";

    /// <summary>How often an open page refreshes its figures.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a sign-in lasts without use.</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Whether the Orleans Dashboard is registered on silos and mounted at <c>/dashboard/orleans</c> (admin key only).</summary>
    public bool OrleansDashboard { get; set; } = true;
}
