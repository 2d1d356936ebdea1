namespace EngagementGrains.Abstractions.Segments;

/// <summary>
/// The grain key of a segment's size history: its name behind a prefix. Orleans' ADO.NET storage reads a string
/// key that looks hexadecimal as a number, so segments "Face" and "face" shared one history row on PostgreSQL;
/// the prefix makes every key a plain string (as for destinations).
/// </summary>
public static class SegmentHistoryGrainKey
{
    private const string Prefix = "segment-history/";

    public static string Of(string segment) => Prefix + segment;

    public static string SegmentOf(string key) => key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : key;

    /// <summary>The size history of the segment called <paramref name="segment"/>.</summary>
    public static ISegmentHistoryGrain GetSegmentHistory(this IGrainFactory grains, string segment) => grains.GetGrain<ISegmentHistoryGrain>(Of(segment));
}
