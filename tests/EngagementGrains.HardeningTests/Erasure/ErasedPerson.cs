using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.HardeningTests.Erasure;

/// <summary>
/// A person with everything the engine keeps of one: enough events for a snapshot, a second individual
/// merged in, memberships and their feed, attribute values. Every value is unique, so a scan that finds it
/// found this person and nobody else.
/// </summary>
public sealed class ErasedPerson
{
    private const int Events = 300;

    private ErasedPerson(string tag)
    {
        var hex = Guid.NewGuid().ToString("N")[..12];
        var digits = string.Concat(Guid.NewGuid().ToByteArray().Take(7).Select(b => (char)('0' + b % 10)));
        Email = $"{tag}.{hex}@example.com";
        Phone = "+1555" + digits;
        UserId = $"user-{tag}-{hex}";
        AliasEmail = $"{tag}.alias.{hex}@example.com";
        AliasPhone = "+1666" + digits;
        Secret = $"secret-{tag}-{hex}";
        EventPrefix = $"ev-{tag}-{hex}-";
    }

    public string Email { get; }

    public string Phone { get; }

    public string UserId { get; }

    /// <summary>The contact points of the second individual, merged into the first by a later event.</summary>
    public string AliasEmail { get; }

    public string AliasPhone { get; }

    /// <summary>An attribute value only this person's events carry.</summary>
    public string Secret { get; }

    public string EventPrefix { get; }

    public string IndividualId { get; private set; } = "";

    /// <summary>
    /// Everything of the person that must not survive an erasure, as the store would hold it: a phone number's
    /// digits, since JSON text may write its <c>+</c> as <c>\u002B</c>.
    /// </summary>
    public IReadOnlyList<string> Identifiers => [Email, Phone[1..], UserId, AliasEmail, AliasPhone[1..], Secret, EventPrefix];

    /// <summary>Sends the person's history and returns the person once every event is acknowledged.</summary>
    public static async Task<ErasedPerson> SendAsync(HttpClient client, string tag)
    {
        var person = new ErasedPerson(tag);
        var now = DateTimeOffset.UtcNow;
        var identities = $$"""{"email":"{{person.Email}}","phone":"{{person.Phone}}","userId":"{{person.UserId}}"}""";
        for (var batch = 0; batch < Events / 100; batch++)
        {
            var events = Enumerable.Range(batch * 100, 100).Select(i => EventJson(
                person.EventPrefix + i.ToString(CultureInfo.InvariantCulture), i % 3 == 0 ? "EmailOpened" : "EmailSent",
                now.AddMinutes(-i), identities, $$"""{"note":"{{person.Secret}}","campaign":"{{person.Secret}}-c{{i}}"}"""));
            await PostAsync(client, "[" + string.Join(',', events) + "]");
        }

        var alias = $$"""{"email":"{{person.AliasEmail}}","phone":"{{person.AliasPhone}}"}""";
        await PostAsync(client, "[" + string.Join(',', Enumerable.Range(0, 5).Select(i => EventJson(
            person.EventPrefix + "a" + i.ToString(CultureInfo.InvariantCulture), "EmailOpened", now.AddMinutes(-i), alias,
            $$"""{"note":"{{person.Secret}}-alias"}"""))) + "]");

        // One event naming both people merges the second into the first.
        await PostAsync(client, EventJson(person.EventPrefix + "join", "EmailOpened", now,
            $$"""{"email":"{{person.Email}}","phone":"{{person.AliasPhone}}"}""", "{}"));
        var profile = await client.GetObjectAsync($"/v1/profiles/lookup?email={Uri.EscapeDataString(person.Email)}");
        person.IndividualId = (string)profile["individualId"]!;
        Assert.Equal(Events + 6, (int)profile["eventCount"]!);
        return person;
    }

    private static async Task PostAsync(HttpClient client, string json)
    {
        using var response = await client.PostEventsAsync(json);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    private static string EventJson(string eventId, string type, DateTimeOffset at, string identities, string attributes) =>
        $$"""{"eventId":"{{eventId}}","type":"{{type}}","occurredAt":"{{at.ToString("O", CultureInfo.InvariantCulture)}}","identities":{{identities}},"attributes":{{attributes}}}""";

    /// <summary>The definitions that give the person memberships, feed rows and measure values.</summary>
    public static async Task DefineAsync(HttpClient client)
    {
        await client.PutReadyAsync("measures", Api.UniqueName("erasure_opens"), """{"event":"EmailOpened","aggregate":"count","within":"30d"}""");
        await client.PutReadyAsync("segments", Api.UniqueName("erasure_openers"), """{"event":"EmailOpened","within":"30d","count":{"gte":1}}""");
    }

    /// <summary>Erases the person; the answer says what went.</summary>
    public async Task<JsonElement> EraseAsync(HttpClient client, bool suppress = true)
    {
        using var response = await client.DeleteAsync(new Uri($"/v1/profiles/{IndividualId}{(suppress ? "" : "?suppress=false")}", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>The person's values as bytes: UTF-8, as both stores write text, and UTF-16 in case anything does not.</summary>
    public IEnumerable<(string Value, byte[] Bytes)> Needles() =>
        Identifiers.SelectMany(v => new[] { (v, Encoding.UTF8.GetBytes(v)), (v + " (UTF-16)", Encoding.Unicode.GetBytes(v)) });
}
