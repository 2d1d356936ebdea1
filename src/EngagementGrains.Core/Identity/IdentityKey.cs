namespace EngagementGrains.Core.Identity;

/// <summary>The grain key of a contact point: <c>type:value</c>, value already normalised.</summary>
public static class IdentityKey
{
    public static string Format(string type, string value) => string.Concat(type, ":", value);

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
