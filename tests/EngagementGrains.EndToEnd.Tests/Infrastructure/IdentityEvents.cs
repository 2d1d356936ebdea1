using System.Net;
using System.Text.Json.Nodes;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>Events that name their person by contact points, and the calls the identity tests make with them.</summary>
internal static class IdentityEvents
{
    public static JsonObject Event(string eventId, string type, DateTimeOffset at, Dictionary<string, string> identities, string attributes = "{}")
    {
        var e = new JsonObject
        {
            ["eventId"] = eventId,
            ["type"] = type,
            ["occurredAt"] = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["attributes"] = JsonNode.Parse(attributes),
        };
        if (identities.Count > 0)
        {
            e["identities"] = new JsonObject(identities.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        }

        return e;
    }

    /// <summary>The same event addressed to an individual id instead (a control individual that gets every event from the start).</summary>
    public static JsonObject WithIndividual(JsonObject e, string individualId)
    {
        var copy = e.DeepClone().AsObject();
        copy.Remove("identities");
        copy["individualId"] = individualId;
        return copy;
    }

    public static async Task PostAsync(HttpClient client, IEnumerable<JsonObject> events)
    {
        using var response = await client.PostEventsAsync(new JsonArray(events.Select(e => (JsonNode?)e.DeepClone()).ToArray()).ToJsonString());
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    public static Task<JsonObject> LookupAsync(HttpClient client, string type, string value) =>
        client.GetObjectAsync($"/v1/profiles/lookup?{type}={Uri.EscapeDataString(value)}");

    /// <summary>An object's property names in ordinal order (a profile's segments, say).</summary>
    public static string[] Keys(JsonNode node) => node.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray();
}
