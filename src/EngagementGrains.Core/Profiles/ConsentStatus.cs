namespace EngagementGrains.Core.Profiles;

/// <summary>The consent statuses a channel can have.</summary>
public static class ConsentStatus
{
    public const string Subscribed = "subscribed";
    public const string Unsubscribed = "unsubscribed";

    public static bool IsValid(string? status) => status is Subscribed or Unsubscribed;
}
