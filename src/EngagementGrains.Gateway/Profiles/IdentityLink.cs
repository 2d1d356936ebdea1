using EngagementGrains.Core.Identity;

namespace EngagementGrains.Gateway.Profiles;

/// <summary>A contact point: its identity type and normalised value.</summary>
public sealed record class IdentityLink(string Type, string Value)
{
    /// <summary>From a stored identity key (<c>type:value</c>).</summary>
    public static IdentityLink Parse(string key)
    {
        var (type, value) = IdentityKey.Parse(key);
        return new IdentityLink(type, value);
    }
}
