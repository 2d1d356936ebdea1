using EngagementGrains.Core.Tracking;

namespace EngagementGrains.Gateway.Tracking;

/// <summary>
/// The one-letter paths analytics.js posts to (<c>/v1/t</c> for track, <c>/v1/b</c> for a batch), beside the
/// spelled-out ones of the HTTP Tracking API.
/// </summary>
public static class TrackingPaths
{
    /// <summary>The letter of each call type: its first, as analytics.js takes it.</summary>
    public static IReadOnlyDictionary<string, string> Short { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["t"] = TrackingCallType.Track,
        ["i"] = TrackingCallType.Identify,
        ["p"] = TrackingCallType.Page,
        ["s"] = TrackingCallType.Screen,
        ["g"] = TrackingCallType.Group,
        ["a"] = TrackingCallType.Alias,
    };

    /// <summary>The short path of a batch.</summary>
    public const string ShortBatch = "b";
}
