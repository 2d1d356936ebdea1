using System.Buffers.Text;
using System.Globalization;
using System.Text;
using EngagementGrains.Abstractions.Individuals;

namespace EngagementGrains.Gateway.Profiles;

/// <summary>The opaque, stable cursor of timeline paging: the position of the last event returned.</summary>
public static class TimelineCursor
{
    public static string Encode(TimelinePosition position) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{position.OccurredAtMs}.{position.Sequence}")));

    public static TimelinePosition? Decode(string cursor)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            var parts = text.Split('.');
            return parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var time)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
                ? new TimelinePosition(time, sequence)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
