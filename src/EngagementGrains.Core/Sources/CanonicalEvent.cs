using System.Text.Json.Nodes;

namespace EngagementGrains.Core.Sources;

/// <summary>Builds the canonical event object of <c>POST /v1/events</c>.</summary>
internal static class CanonicalEvent
{
    public static JsonObject Create(
        string eventId,
        string type,
        string occurredAt,
        string? individualId,
        IReadOnlyDictionary<string, string> identities,
        JsonObject attributes)
    {
        var result = new JsonObject
        {
            ["eventId"] = eventId,
            ["type"] = type,
            ["occurredAt"] = occurredAt,
        };

        if (individualId is not null)
        {
            result["individualId"] = individualId;
        }

        if (identities.Count > 0)
        {
            var contactPoints = new JsonObject();
            foreach (var (identityType, value) in identities)
            {
                contactPoints[identityType] = value;
            }

            result["identities"] = contactPoints;
        }

        result["attributes"] = attributes;
        return result;
    }
}
