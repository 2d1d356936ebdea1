using System.Globalization;

namespace EngagementGrains.ModelTests.Operations;

/// <summary>
/// One of the model's measure or segment templates, with its window and threshold. The names are fixed so
/// that changes, deletes and re-creations under the same name happen often.
/// </summary>
public sealed record DefinitionShape(string Kind, string Name, string Window, decimal Threshold)
{
    public const string Measures = "measures";
    public const string Segments = "segments";

    /// <summary>The count of opens in a window.</summary>
    public const string Opens = "opens";

    /// <summary>The exact sum of a custom event's <c>amount</c>, which arrives as numbers, strings and junk.</summary>
    public const string Deposits = "deposits";

    /// <summary>The largest purchase <c>total</c> (a catalog double, coerced from strings).</summary>
    public const string MaxTotal = "max_total";

    /// <summary>Sent an email in the window and opened none.</summary>
    public const string Unopened = "unopened";

    /// <summary>The deposits measure at or above the threshold (a missing measure holds for nobody).</summary>
    public const string Depositors = "depositors";

    /// <summary>At least threshold purchases in the window.</summary>
    public const string Buyers = "buyers";

    /// <summary>Member of depositors or of buyers: a segment of segments.</summary>
    public const string Either = "either";

    public static IReadOnlyList<string> MeasureNames { get; } = [Opens, Deposits, MaxTotal];

    public static IReadOnlyList<string> SegmentNames { get; } = [Unopened, Depositors, Buyers, Either];

    /// <summary>The segments <see cref="Either"/> refers to.</summary>
    public static IReadOnlyList<string> EitherReferences { get; } = [Depositors, Buyers];

    public string ToJson()
    {
        var within = Window == "lifetime" ? "" : $",\"within\":\"{Window}\"";
        var threshold = Threshold.ToString(CultureInfo.InvariantCulture);
        return Name switch
        {
            Opens => $"{{\"event\":\"EmailOpened\",\"aggregate\":\"count\"{within}}}",
            Deposits => $"{{\"event\":\"Deposit\",\"aggregate\":\"sum\",\"field\":\"amount\"{within}}}",
            MaxTotal => $"{{\"event\":\"Purchase\",\"aggregate\":\"max\",\"field\":\"total\"{within}}}",
            Unopened => $"{{\"all\":[{{\"event\":\"EmailSent\"{within}}},{{\"not\":{{\"event\":\"EmailOpened\"{within}}}}}]}}",
            Depositors => $"{{\"measure\":\"deposits\",\"gte\":{threshold}}}",
            Buyers => $"{{\"event\":\"Purchase\"{within},\"count\":{{\"gte\":{threshold}}}}}",
            Either => "{\"any\":[{\"segment\":\"depositors\"},{\"segment\":\"buyers\"}]}",
            _ => throw new InvalidOperationException($"No template named {Name}."),
        };
    }
}
