using System.Net;
using System.Text.Json.Nodes;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>Helpers for the webhook tests: a segment that people enter and leave on demand, destinations, waiting for deliveries.</summary>
internal static class Webhooks
{
    /// <summary>
    /// A segment of the people whose SMS consent is unsubscribed and who had an Unsubscribe tagged with
    /// <paramref name="tag"/>: an Unsubscribe enters it, a Subscribe leaves it, and no other test's people are in it.
    /// </summary>
    public static string UnsubscribedDefinition(string tag) =>
        """{"all":[{"consent":"sms","eq":"unsubscribed"},{"event":"Unsubscribe","where":{"run":{"eq":""" + "\"" + tag + "\"" + "}}}]}";

    /// <summary>Creates a destination and returns its answer (with the secret).</summary>
    public static async Task<JsonObject> CreateDestinationAsync(this HttpClient admin, string name, string body)
    {
        using var response = await admin.PutAsync(new Uri($"/v1/destinations/{name}", UriKind.Relative), Api.Json(body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"PUT destination: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Enters (Unsubscribe) or leaves (Subscribe) the segment, one request per step so each is a change of its own.</summary>
    public static async Task StepAsync(this HttpClient client, string segment, string individualId, bool enter, DateTimeOffset at, string eventId)
    {
        using var response = await client.PostEventsAsync(Api.Event(eventId, enter ? "Unsubscribe" : "Subscribe", individualId, at, $$"""{"run":"{{segment}}"}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    /// <summary>
    /// Waits until the receiver acknowledged <paramref name="count"/> distinct changes of <paramref name="segment"/> for
    /// <paramref name="people"/> (a new segment is backfilled, so it also holds earlier tests' people), and returns them.
    /// </summary>
    public static Task<IReadOnlyList<WebhookReceiver.Delivery>> AcknowledgedAsync(
        WebhookReceiver receiver, string segment, IReadOnlyCollection<string> people, int count, TimeSpan timeout) =>
        Poll.UntilAsync(() =>
        {
            var acknowledged = receiver.Acknowledged.Where(d => (string)d.Body["segment"]! == segment && people.Contains(d.IndividualId)).ToArray();
            return Task.FromResult(acknowledged.Select(d => d.Id).Distinct().Count() >= count ? (IReadOnlyList<WebhookReceiver.Delivery>?)acknowledged : null);
        }, timeout, $"{count} changes of {segment} acknowledged (so far {receiver.Acknowledged.Select(d => d.Id).Distinct().Count()})");

    /// <summary>
    /// Asserts what every receiver must be able to rely on: each request signed, its id the segment and position of
    /// its body, every retry of an id carrying the same body, and per person the first arrivals alternating
    /// enter and exit in feed order.
    /// </summary>
    public static void AssertSignedStableAndOrdered(IReadOnlyList<WebhookReceiver.Delivery> deliveries, string segment)
    {
        Assert.All(deliveries, d => Assert.True(d.Verified, $"{d.Id}: the signature '{d.Signature}' does not verify"));
        Assert.All(deliveries, d => Assert.Equal($"{segment}:{d.Position}", d.Id));
        foreach (var same in deliveries.GroupBy(d => d.Id))
        {
            Assert.Single(same.Select(d => d.RawBody).Distinct());
        }

        var firsts = deliveries.Where(d => d.Answered is >= 200 and < 300).DistinctBy(d => d.Id).ToArray();
        foreach (var person in firsts.GroupBy(d => d.IndividualId))
        {
            var positions = person.Select(d => d.Position).ToArray();
            Assert.Equal(positions.Order(), positions);
            var types = person.Select(d => d.Type).ToArray();
            for (var i = 0; i < types.Length; i++)
            {
                Assert.Equal(i % 2 == 0 ? "segment.enter" : "segment.exit", types[i]);
            }
        }
    }
}
