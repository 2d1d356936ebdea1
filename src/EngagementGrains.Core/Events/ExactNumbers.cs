using System.Globalization;
using System.Text.Json;

namespace EngagementGrains.Core.Events;

/// <summary>
/// The range in which measures fold numbers exactly: magnitudes below 10^15, kept to 9 decimal places.
/// Sums of such values over more events than any individual holds stay inside decimal's 28 digits, so
/// no fold can overflow or round differently by order; a larger JSON number is refused at the door.
/// </summary>
public static class ExactNumbers
{
    /// <summary>The exclusive bound on a number's magnitude.</summary>
    public const decimal Limit = 1_000_000_000_000_000m;

    /// <summary>Digits kept after the decimal point when a number is folded.</summary>
    public const int Scale = 9;

    /// <summary>What a client is told when a number is outside the range.</summary>
    public const string RangeMessage = "must be a number between -10^15 and 10^15 (send larger identifiers as strings)";

    /// <summary>True when a JSON number (or number written as text) is inside the exact range.</summary>
    public static bool InRange(JsonElement number) =>
        number.ValueKind != JsonValueKind.Number || (number.TryGetDecimal(out var d) && Math.Abs(d) < Limit);

    /// <summary>True when a coerced double is inside the exact range.</summary>
    public static bool InRange(double number) => double.IsFinite(number) && Math.Abs(number) < (double)Limit;

    /// <summary>The value measures fold, or null when it is not a number inside the exact range.</summary>
    public static decimal? ToExact(JsonElement value)
    {
        decimal parsed;
        switch (value.ValueKind)
        {
            case JsonValueKind.Number when value.TryGetDecimal(out parsed):
            case JsonValueKind.String when decimal.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out parsed):
                return Math.Abs(parsed) < Limit ? Math.Round(parsed, Scale, MidpointRounding.ToEven) : null;
            default:
                return null;
        }
    }
}
