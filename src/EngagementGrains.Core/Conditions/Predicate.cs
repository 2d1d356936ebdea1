using System.Globalization;
using System.Text.Json;

namespace EngagementGrains.Core.Conditions;

/// <summary>
/// One comparison on a value: numbers compare as numbers (numeric strings too, since sources send
/// them), strings ordinally and case-sensitively, booleans by equality. A missing value fails every
/// operator except <c>exists: false</c> and <c>ne</c>.
/// </summary>
public sealed record class Predicate(PredicateOperator Operator, JsonElement Operand)
{
    public static readonly IReadOnlyDictionary<string, PredicateOperator> Names = new Dictionary<string, PredicateOperator>(StringComparer.Ordinal)
    {
        ["eq"] = PredicateOperator.Eq,
        ["ne"] = PredicateOperator.Ne,
        ["in"] = PredicateOperator.In,
        ["gt"] = PredicateOperator.Gt,
        ["gte"] = PredicateOperator.Gte,
        ["lt"] = PredicateOperator.Lt,
        ["lte"] = PredicateOperator.Lte,
        ["between"] = PredicateOperator.Between,
        ["contains"] = PredicateOperator.Contains,
        ["startsWith"] = PredicateOperator.StartsWith,
        ["exists"] = PredicateOperator.Exists,
    };

    /// <summary>Checks an operand's shape; returns why it is wrong, or null.</summary>
    public static string? CheckOperand(PredicateOperator op, JsonElement operand) => op switch
    {
        PredicateOperator.In => operand.ValueKind == JsonValueKind.Array && operand.GetArrayLength() > 0 ? null : "must be a non-empty array",
        PredicateOperator.Between => operand.ValueKind == JsonValueKind.Array && operand.GetArrayLength() == 2
            && operand.EnumerateArray().All(IsScalar) ? null : "must be an array of two values [low, high]",
        PredicateOperator.Exists => operand.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "must be true or false",
        PredicateOperator.Contains or PredicateOperator.StartsWith => operand.ValueKind == JsonValueKind.String ? null : "must be a string",
        PredicateOperator.Gt or PredicateOperator.Gte or PredicateOperator.Lt or PredicateOperator.Lte =>
            operand.ValueKind is JsonValueKind.Number or JsonValueKind.String ? null : "must be a number or a string",
        _ => IsScalar(operand) ? null : "must be a string, number, boolean or null",
    };

    public bool Matches(JsonElement? value)
    {
        if (Operator == PredicateOperator.Exists)
        {
            var exists = value is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };
            return exists == Operand.GetBoolean();
        }

        if (value is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } v)
        {
            return Operator == PredicateOperator.Ne && Operand.ValueKind != JsonValueKind.Null;
        }

        return Operator switch
        {
            PredicateOperator.Eq => ValueEquals(v, Operand),
            PredicateOperator.Ne => !ValueEquals(v, Operand),
            PredicateOperator.In => Operand.EnumerateArray().Any(o => ValueEquals(v, o)),
            PredicateOperator.Gt => Compare(v, Operand) is > 0,
            PredicateOperator.Gte => Compare(v, Operand) is >= 0,
            PredicateOperator.Lt => Compare(v, Operand) is < 0,
            PredicateOperator.Lte => Compare(v, Operand) is <= 0,
            PredicateOperator.Between => Compare(v, Operand[0]) is >= 0 && Compare(v, Operand[1]) is <= 0,
            PredicateOperator.Contains => Contains(v, Operand.GetString()!),
            PredicateOperator.StartsWith => v.ValueKind == JsonValueKind.String
                && v.GetString()!.StartsWith(Operand.GetString()!, StringComparison.Ordinal),
            _ => false,
        };
    }

    /// <summary>Matches a plain number (an aggregate's value); null is a missing value.</summary>
    public bool Matches(double? value)
    {
        if (value is not { } a)
        {
            return Matches((JsonElement?)null);
        }

        return Operator switch
        {
            PredicateOperator.Exists => Operand.GetBoolean(),
            PredicateOperator.Eq => AsNumber(Operand) == a,
            PredicateOperator.Ne => AsNumber(Operand) != a,
            PredicateOperator.In => Operand.EnumerateArray().Any(o => AsNumber(o) == a),
            PredicateOperator.Gt => AsNumber(Operand) is { } b && a > b,
            PredicateOperator.Gte => AsNumber(Operand) is { } b && a >= b,
            PredicateOperator.Lt => AsNumber(Operand) is { } b && a < b,
            PredicateOperator.Lte => AsNumber(Operand) is { } b && a <= b,
            PredicateOperator.Between => AsNumber(Operand[0]) is { } low && AsNumber(Operand[1]) is { } high && a >= low && a <= high,
            _ => false,
        };
    }

    public static double? AsNumber(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d) => d,
        _ => null,
    };

    private static bool IsScalar(JsonElement e) =>
        e.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null;

    private static bool ValueEquals(JsonElement value, JsonElement operand)
    {
        if (operand.ValueKind == JsonValueKind.Number || value.ValueKind == JsonValueKind.Number)
        {
            return AsNumber(value) is { } a && AsNumber(operand) is { } b && a == b;
        }

        if (operand.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.ValueKind == operand.ValueKind;
        }

        return operand.ValueKind == JsonValueKind.String && value.ValueKind == JsonValueKind.String
            && string.Equals(value.GetString(), operand.GetString(), StringComparison.Ordinal);
    }

    private static int? Compare(JsonElement value, JsonElement operand)
    {
        if (AsNumber(operand) is { } b && AsNumber(value) is { } a)
        {
            return a.CompareTo(b);
        }

        return value.ValueKind == JsonValueKind.String && operand.ValueKind == JsonValueKind.String
            ? string.CompareOrdinal(value.GetString(), operand.GetString())
            : null;
    }

    private static bool Contains(JsonElement value, string needle) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!.Contains(needle, StringComparison.Ordinal),
        JsonValueKind.Array => value.EnumerateArray().Any(e => e.ValueKind == JsonValueKind.String && e.GetString() == needle),
        _ => false,
    };
}
