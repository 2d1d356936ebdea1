namespace EngagementGrains.Core.Identity;

/// <summary>The identity (contact point) types the contract names.</summary>
public static class IdentityTypes
{
    public const string Email = "email";
    public const string Phone = "phone";

    /// <summary>Known types, most identifying first: when an event's contact points disagree, the earlier one decides.</summary>
    public static readonly IReadOnlyList<string> Known =
    [
        "userId", "customerId", Email, Phone, "contactId", "leadId", "socialId",
        "participantId", "imei", "deviceId", "anonymousId",
    ];
}
