using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace EngagementGrains.Core.Identity;

/// <summary>The key of a contact point: <c>type:value</c>, value already normalised; and the grain key it is stored under.</summary>
public static partial class IdentityKey
{
    // 128 of SHA-256's bits: no two contact points of one deployment meet by chance, and the key stays short.
    private const int HashBytes = 16;

    public static string Format(string type, string value) => string.Concat(type, ":", value);

    /// <summary>
    /// The identity grain's key for <paramref name="key"/>: <c>type#</c> and a SHA-256 prefix in hex. Orleans
    /// names a grain by its key in its own log lines, exceptions and spans (timeouts, activation and storage
    /// failures), which we cannot edit; so the key carries no contact point. The type stays readable.
    /// </summary>
    public static string GrainKey(string key)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return string.Concat(TypeOf(key), "#", Convert.ToHexStringLower(hash[..HashBytes]));
    }

    /// <summary>True when <paramref name="grainKey"/> has the shape <see cref="GrainKey"/> gives: a type, <c>#</c>, 32 hex digits.</summary>
    public static bool IsGrainKey(string grainKey) => GrainKeyShape().IsMatch(grainKey);

    /// <summary>The identity type of a grain key (the part before <c>#</c>).</summary>
    public static string TypeOfGrainKey(string grainKey)
    {
        var hash = grainKey.IndexOf('#', StringComparison.Ordinal);
        return hash <= 0 ? grainKey : grainKey[..hash];
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}#[0-9a-f]{32}$")]
    private static partial Regex GrainKeyShape();

    /// <summary>The identity type of a key.</summary>
    public static string TypeOf(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? key : key[..colon];
    }

    public static (string Type, string Value) Parse(string key)
    {
        var colon = key.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0 ? (key, "") : (key[..colon], key[(colon + 1)..]);
    }
}
