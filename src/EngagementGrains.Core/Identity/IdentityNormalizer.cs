using System.Text;

namespace EngagementGrains.Core.Identity;

/// <summary>Validates and normalises contact points, so that one person's address always maps to one key.</summary>
public sealed class IdentityNormalizer
{
    /// <summary>The longest contact point value accepted.</summary>
    public const int MaxValueLength = 256;

    private readonly HashSet<string> _types;

    public IdentityNormalizer(IEnumerable<string>? extraTypes = null)
    {
        _types = new HashSet<string>(IdentityTypes.Known, StringComparer.Ordinal);
        foreach (var type in extraTypes ?? [])
        {
            _types.Add(type);
        }
    }

    public IReadOnlyCollection<string> Types => _types;

    public bool IsKnownType(string type) => _types.Contains(type);

    /// <summary>Normalises <paramref name="raw"/>; on failure returns null and says why.</summary>
    public static string? Normalize(string type, string raw, out string? error)
    {
        error = null;
        var value = raw.Trim();
        if (value.Length == 0)
        {
            error = "must not be empty";
            return null;
        }

        if (value.Length > MaxValueLength)
        {
            error = $"must be at most {MaxValueLength} characters";
            return null;
        }

        return type switch
        {
            IdentityTypes.Email => NormalizeEmail(value, out error),
            IdentityTypes.Phone => NormalizePhone(value, out error),
            _ => value,
        };
    }

    private static string? NormalizeEmail(string value, out string? error)
    {
        error = null;
        var at = value.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != value.LastIndexOf('@') || at == value.Length - 1
            || value.AsSpan(at + 1).IndexOf('.') <= 0 || value.Any(char.IsWhiteSpace) || value.EndsWith('.'))
        {
            error = "is not an email address (expected local@domain.tld)";
            return null;
        }

        return value.ToLowerInvariant();
    }

    // E.164 where the number says its country (a leading + or 00); otherwise the digits alone,
    // since guessing a country would merge people who are not the same.
    private static string? NormalizePhone(string value, out string? error)
    {
        error = null;
        var digits = new StringBuilder(value.Length);
        var international = false;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c == '+' && i == 0)
            {
                international = true;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                error = $"is not a phone number (unexpected '{c}')";
                return null;
            }
        }

        if (!international && digits.Length > 2 && digits[0] == '0' && digits[1] == '0')
        {
            international = true;
            digits.Remove(0, 2);
        }

        if (international ? digits.Length is < 8 or > 15 : digits.Length is < 5 or > 15)
        {
            error = international
                ? "is not an E.164 phone number (8 to 15 digits after +)"
                : "is not a phone number (5 to 15 digits)";
            return null;
        }

        return international ? "+" + digits : digits.ToString();
    }
}
