namespace EngagementGrains.Core.Tracking;

/// <summary>The calls of the Segment HTTP Tracking API.</summary>
public static class TrackingCallType
{
    public const string Track = "track";
    public const string Identify = "identify";
    public const string Page = "page";
    public const string Screen = "screen";
    public const string Group = "group";
    public const string Alias = "alias";

    /// <summary>Every call type, as the route names and the <c>type</c> field of a batch item spell them.</summary>
    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Track, Identify, Page, Screen, Group, Alias,
    };
}
