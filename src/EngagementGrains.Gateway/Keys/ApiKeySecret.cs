using System.Security.Cryptography;
using System.Text;

namespace EngagementGrains.Gateway.Keys;

/// <summary>
/// Key format <c>egk_{id}_{secret}</c>: the id finds the stored record, the secret is checked against its
/// hash. Secrets are 190 random bits, so a plain SHA-256 is enough; a slow hash would only slow requests.
/// </summary>
public static class ApiKeySecret
{
    private const string Prefix = "egk_";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static (string Id, string Key, string Secret) Generate(string? id = null)
    {
        id ??= RandomString(12);
        var secret = RandomString(37);
        return (id, $"{Prefix}{id}_{secret}", secret);
    }

    /// <summary>Splits a presented key into its id and secret; false when it is not of our format.</summary>
    public static bool TryParse(string key, out string id, out string secret)
    {
        id = secret = "";
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = key.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator <= 0 || separator == rest.Length - 1)
        {
            return false;
        }

        id = rest[..separator].ToString();
        secret = rest[(separator + 1)..].ToString();
        return true;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(hash));

    /// <summary>The key's current secret, or its previous one while a rotation's overlap lasts.</summary>
    public static bool Accepts(EngagementGrains.Abstractions.Keys.ApiKeyRecord record, string secret, DateTimeOffset now) =>
        Matches(secret, record.SecretHash)
        || (record.PreviousSecretHash is { } previous && now < record.PreviousValidUntil && Matches(secret, previous));

    private static string RandomString(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
