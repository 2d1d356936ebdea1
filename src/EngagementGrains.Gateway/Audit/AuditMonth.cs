using System.Globalization;

namespace EngagementGrains.Gateway.Audit;

/// <summary>The audit log is kept a month per grain; this names the month of an instant, in UTC.</summary>
public static class AuditMonth
{
    public const string Format = "yyyy-MM";

    public static string Of(DateTimeOffset at) => at.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(string text, out string month)
    {
        month = text;
        return DateTime.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
    }
}
