namespace EngagementGrains.Dashboard.Access;

/// <summary>The dashboard's cookie scheme, its policies and the paths its sign-in uses.</summary>
public static class DashboardAccess
{
    public const string Scheme = "EngagementDashboard";

    /// <summary>A read or admin key signed in.</summary>
    public const string ReadPolicy = "dashboard-read";

    /// <summary>An admin key signed in.</summary>
    public const string AdminPolicy = "dashboard-admin";

    /// <summary>The claim that keeps the presented key (inside the protected cookie) so every request re-checks it.</summary>
    public const string KeyClaim = "eg.dashboard-key";

    public const string SignInPath = "/dashboard/sign-in";
    public const string SignOutPath = "/dashboard/sign-out";
    public const string RefusedPath = "/dashboard/refused";
}
