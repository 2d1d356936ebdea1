using System.Globalization;

namespace EngagementGrains.Gateway.Keys;

/// <summary>How long a rotated key's old secret keeps working: <c>N</c> and s, m, h or d, up to 30 days.</summary>
public static class KeyOverlap
{
    public static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    public static TimeSpan? Parse(string text)
    {
        if (text.Length < 2 || !long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > 100_000_000)
        {
            return null;
        }

        TimeSpan? overlap = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(count),
            'm' => TimeSpan.FromMinutes(count),
            'h' => TimeSpan.FromHours(count),
            'd' => TimeSpan.FromDays(count),
            _ => null,
        };
        return overlap <= Longest ? overlap : null;
    }
}
