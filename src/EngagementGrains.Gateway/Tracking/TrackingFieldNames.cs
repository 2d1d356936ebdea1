namespace EngagementGrains.Gateway.Tracking;

/// <summary>Names a canonical event's field the way the tracking call that produced it spells it.</summary>
public static class TrackingFieldNames
{
    public static string ToCallField(string canonical) => canonical switch
    {
        "eventId" => "messageId",
        "type" => "event",
        "occurredAt" => "timestamp",
        "identities.email" => "traits.email",
        "identities.phone" => "traits.phone",
        "identities.userId" => "userId",
        "identities.anonymousId" => "anonymousId",
        _ when canonical.StartsWith("attributes.", StringComparison.Ordinal) => "properties." + canonical["attributes.".Length..],
        _ => canonical,
    };
}
