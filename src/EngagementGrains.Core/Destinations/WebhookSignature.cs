using System.Security.Cryptography;
using System.Text;

namespace EngagementGrains.Core.Destinations;

/// <summary>Standard Webhooks 1.0 signing: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>.</summary>
public static class WebhookSignature
{
    /// <summary>The prefix every signing secret carries; the key is the base64 after it.</summary>
    public const string SecretPrefix = "whsec_";

    private const int SecretBytes = 32;

    /// <summary>A new signing secret: <c>whsec_</c> and 32 random bytes in base64.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    /// <summary>One <c>v1,…</c> signature of a message with one secret.</summary>
    public static string Sign(string secret, string id, long timestamp, string body)
    {
        var key = KeyOf(secret);
        var content = Encoding.UTF8.GetBytes(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{id}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>
    /// The <c>webhook-signature</c> header: one signature per secret, space-separated, so a receiver that knows
    /// either the new or the previous secret accepts the message during a rotation's overlap.
    /// </summary>
    public static string Header(IEnumerable<string> secrets, string id, long timestamp, string body) =>
        string.Join(' ', secrets.Select(secret => Sign(secret, id, timestamp, body)));

    /// <summary>Whether any signature of a header was made with <paramref name="secret"/> (fixed-time comparison).</summary>
    public static bool Verifies(string secret, string header, string id, long timestamp, string body)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, timestamp, body));
        return header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(candidate => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected));
    }

    private static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
}
