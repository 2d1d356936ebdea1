using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>Small helpers over HttpClient for the public API.</summary>
internal static class Api
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostEventsAsync(this HttpClient client, string json) =>
        client.PostAsync(new Uri("/v1/events", UriKind.Relative), Json(json));

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonObject>())!;

    public static async Task<JsonObject> GetObjectAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>Asserts a problem+json answer with the status, and returns it.</summary>
    public static async Task<JsonObject> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(body)!.AsObject();
    }

    public static string NewId(string prefix = "ind") => $"{prefix}-{Guid.NewGuid():N}";

    /// <summary>A definition name no other test uses, readable in failures.</summary>
    public static string UniqueName(string name) => $"{name}_{Guid.NewGuid():N}"[..Math.Min(name.Length + 17, 60)];

    /// <summary>Creates or changes a measure or segment and waits until its backfill is done.</summary>
    public static async Task PutReadyAsync(this HttpClient client, string kind, string name, string definition)
    {
        using var response = await client.PutAsync(new Uri($"/v1/{kind}/{name}", UriKind.Relative), Json(definition));
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        await Poll.UntilAsync(async () =>
        {
            var stored = await client.GetObjectAsync($"/v1/{kind}/{name}");
            return (string)stored["status"]! == "ready" ? stored : null;
        }, TimeSpan.FromSeconds(60), $"{name} to be ready");
    }

    public static string Event(string eventId, string type, string individualId, DateTimeOffset occurredAt, string attributes = "{}") =>
        JsonSerializer.Serialize(new
        {
            eventId,
            type,
            occurredAt = occurredAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            individualId,
            attributes = JsonNode.Parse(attributes),
        });

    public static MediaTypeHeaderValue JsonType { get; } = new("application/json");
}
