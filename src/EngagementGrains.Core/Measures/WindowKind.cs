namespace EngagementGrains.Core.Measures;

/// <summary>Which events a window holds: all, those in a fixed range, or those in the last N units.</summary>
public enum WindowKind
{
    Lifetime,
    Fixed,
    Sliding,
}
