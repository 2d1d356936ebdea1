using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;
using static EngagementGrains.EndToEnd.Tests.Infrastructure.IdentityEvents;

namespace EngagementGrains.EndToEnd.Tests;

[Collection(HostCollection.Name)]
public sealed class IdentityMergeTests(HostFixture fixture)
{
    [Fact]
    public async Task Two_individuals_merge_into_exactly_what_one_individual_with_all_their_events_would_be()
    {
        using var client = fixture.Host.Client();
        var now = DateTimeOffset.UtcNow;
        var opens = Api.UniqueName("opens_30d");
        var spend = Api.UniqueName("spend_7d");
        var reengage = Api.UniqueName("reengage");
        var buyers = Api.UniqueName("buyers");
        await client.PutReadyAsync("measures", opens, """{"event":"EmailOpened","aggregate":"count","within":"30d"}""");
        await client.PutReadyAsync("measures", spend, """{"event":"Purchase","aggregate":"sum","field":"total","within":"7d"}""");
        await client.PutReadyAsync("segments", reengage, """{"all":[{"event":"EmailSent","within":"30d"},{"not":{"event":"EmailOpened","within":"30d"}}]}""");
        await client.PutReadyAsync("segments", buyers, $$$"""{"measure":"{{{spend}}}","gte":100}""");

        // The known customer was sent emails and bought; the anonymous browser opened and bought too, in overlapping windows.
        var userId = Api.NewId("user");
        var anonymousId = Api.NewId("anon");
        var known = new[]
        {
            Event("k1", "EmailSent", now.AddDays(-10), new() { ["userId"] = userId }),
            Event("k2", "EmailSent", now.AddDays(-2), new() { ["userId"] = userId }),
            Event("k3", "Purchase", now.AddDays(-3), new() { ["userId"] = userId }, """{"total":60}"""),
        };
        var anonymous = new[]
        {
            Event("a1", "EmailOpened", now.AddDays(-1), new() { ["anonymousId"] = anonymousId }),
            Event("a2", "EmailOpened", now.AddDays(-40), new() { ["anonymousId"] = anonymousId }),
            Event("a3", "Purchase", now.AddDays(-6), new() { ["anonymousId"] = anonymousId }, """{"total":"45.5"}"""),
        };
        await PostAsync(client, known);
        await PostAsync(client, anonymous);
        var first = await LookupAsync(client, "userId", userId);
        var second = await LookupAsync(client, "anonymousId", anonymousId);
        Assert.NotEqual((string)first["individualId"]!, (string)second["individualId"]!);
        Assert.Contains(reengage, first["segments"]!.AsObject().Select(p => p.Key));

        // One event carrying both contact points says they are one person.
        var link = Event("l1", "AttributesUpdated", now.AddMinutes(-1), new() { ["userId"] = userId, ["anonymousId"] = anonymousId }, """{"plan":"pro"}""");
        await PostAsync(client, [link]);

        var merged = await LookupAsync(client, "userId", userId);
        var survivor = (string)merged["individualId"]!;
        var other = new[] { (string)first["individualId"]!, (string)second["individualId"]! }.Single(i => i != survivor);
        Assert.Equal(survivor, (string)(await LookupAsync(client, "anonymousId", anonymousId))["individualId"]!);
        Assert.True(string.CompareOrdinal(survivor, other) < 0, "the older (first-sorting) id survives");

        // The oracle: a fresh individual that got every event from the start.
        var control = Api.NewId();
        await PostAsync(client, [.. known.Concat(anonymous).Append(link).Select(e => WithIndividual(e, control))]);
        var expected = await client.GetObjectAsync($"/v1/profiles/{control}");

        Assert.Equal(7, (int)merged["eventCount"]!);
        Assert.Equal(Value(expected, "measures", opens), Value(merged, "measures", opens));
        Assert.Equal(Value(expected, "measures", spend), Value(merged, "measures", spend));
        Assert.Equal("1", Value(merged, "measures", opens));
        Assert.Equal("105.5", Value(merged, "measures", spend));
        Assert.Equal(Keys(expected["segments"]!), Keys(merged["segments"]!));
        Assert.DoesNotContain(reengage, Keys(merged["segments"]!));
        Assert.Contains(buyers, Keys(merged["segments"]!));
        Assert.Empty(merged["identityConflicts"]!.AsArray());

        // Membership changes are published for both ids, and members list only the survivor.
        var reengageChanges = await ChangesAsync(client, reengage);
        Assert.Contains(reengageChanges, c => c.Individual == first["individualId"]!.ToString() && c.Type == "exit");
        var buyerMembers = (await client.GetObjectAsync($"/v1/segments/{buyers}/members?limit=1000"))["members"]!.AsArray()
            .Select(m => (string)m!["individualId"]!).ToArray();
        Assert.Contains(survivor, buyerMembers);
        Assert.DoesNotContain(other, buyerMembers);

        // The merged-away id redirects; the identity graph names it.
        using (var redirect = await client.GetAsync(new Uri($"/v1/profiles/{other}/timeline?limit=3", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.PermanentRedirect, redirect.StatusCode);
            Assert.Equal($"/v1/profiles/{survivor}/timeline?limit=3", redirect.Headers.Location!.OriginalString);
        }

        var graph = await client.GetObjectAsync($"/v1/profiles/{survivor}/identities");
        Assert.Equal(other, (string)graph["merged"]!.AsArray().Single()!["individualId"]!);
        Assert.Equal(2, graph["identities"]!.AsArray().Count);

        // Events sent later to the old id land on the survivor, once.
        await PostAsync(client, [WithIndividual(Event("late", "EmailOpened", now, []), other), WithIndividual(Event("a1", "EmailOpened", now.AddDays(-1), []), other)]);
        var after = await client.GetObjectAsync($"/v1/profiles/{survivor}");
        Assert.Equal(8, (int)after["eventCount"]!);
        Assert.Equal("2", Value(after, "measures", opens));
    }

    [Fact]
    public async Task A_merge_racing_with_events_to_both_sides_loses_nothing()
    {
        using var client = fixture.Host.Client();
        var now = DateTimeOffset.UtcNow;
        var userId = Api.NewId("user");
        var anonymousId = Api.NewId("anon");
        await PostAsync(client, [Event("u0", "WebsiteVisited", now.AddDays(-1), new() { ["userId"] = userId })]);
        await PostAsync(client, [Event("a0", "WebsiteVisited", now.AddDays(-1), new() { ["anonymousId"] = anonymousId })]);

        const int PerSide = 60;
        var sends = new List<Task>();
        for (var i = 0; i < PerSide; i++)
        {
            sends.Add(PostAsync(client, [Event($"u{i + 1}", "EmailOpened", now.AddMinutes(-i), new() { ["userId"] = userId })]));
            sends.Add(PostAsync(client, [Event($"a{i + 1}", "EmailClicked", now.AddMinutes(-i), new() { ["anonymousId"] = anonymousId })]));
            if (i == PerSide / 2)
            {
                sends.Add(PostAsync(client, [Event("link", "AttributesUpdated", now, new() { ["userId"] = userId, ["anonymousId"] = anonymousId })]));
            }
        }

        await Task.WhenAll(sends);
        var profile = await LookupAsync(client, "anonymousId", anonymousId);
        Assert.Equal((string)profile["individualId"]!, (string)(await LookupAsync(client, "userId", userId))["individualId"]!);
        Assert.Equal(2 * (PerSide + 1) + 1, (int)profile["eventCount"]!);
        Assert.Equal(PerSide, (int)profile["eventCounts"]!["EmailOpened"]!);
        Assert.Equal(PerSide, (int)profile["eventCounts"]!["EmailClicked"]!);

        var timeline = await client.GetObjectAsync($"/v1/profiles/{profile["individualId"]}/timeline?limit=1000");
        var ids = timeline["events"]!.AsArray().Select(e => (string)e!["eventId"]!).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(2 * (PerSide + 1) + 1, ids.Length);
    }

    [Fact]
    public async Task A_shared_identifier_does_not_glue_people_together()
    {
        using var client = fixture.Host.Client();
        var now = DateTimeOffset.UtcNow;
        var device = Api.NewId("device");
        var sharedEmail = $"{Guid.NewGuid():N}@family.example";

        // A family's device and mailbox, used by people who each have their own user id.
        var users = Enumerable.Range(0, 12).Select(_ => Api.NewId("user")).ToArray();
        foreach (var (user, i) in users.Select((u, i) => (u, i)))
        {
            await PostAsync(client, [Event($"s{i}", "WebsiteVisited", now.AddMinutes(-i),
                new() { ["userId"] = user, ["deviceId"] = device, ["email"] = sharedEmail })]);
        }

        var individuals = new HashSet<string>();
        foreach (var user in users)
        {
            var profile = await LookupAsync(client, "userId", user);
            individuals.Add((string)profile["individualId"]!);
            Assert.Equal(1, (int)profile["eventCount"]!);
        }

        Assert.Equal(users.Length, individuals.Count);
        var owner = (string)(await LookupAsync(client, "email", sharedEmail))["individualId"]!;
        var refused = (await client.GetObjectAsync($"/v1/profiles/{individuals.First(i => i != owner)}/identities"))["refused"]!.AsArray();
        Assert.Contains(refused, r => (string)r!["type"]! == "email");

        // Anonymous visitors who share one email merge, but never beyond the cap of merged individuals.
        var glue = $"{Guid.NewGuid():N}@shared.example";
        const int Visitors = 55;
        for (var i = 0; i < Visitors; i++)
        {
            var visitor = Api.NewId("anon");
            await PostAsync(client, [Event($"v{i}", "WebsiteVisited", now.AddMinutes(-i), new() { ["anonymousId"] = visitor })]);
            await PostAsync(client, [Event($"g{i}", "FormSubmitted", now.AddMinutes(-i), new() { ["anonymousId"] = visitor, ["email"] = glue })]);
        }

        var glued = await LookupAsync(client, "email", glue);
        var graph = await client.GetObjectAsync($"/v1/profiles/{glued["individualId"]}/identities");
        Assert.Equal(50, graph["merged"]!.AsArray().Count);
        Assert.True((int)glued["eventCount"]! < 2 * Visitors);
    }

    [Fact]
    public async Task Two_user_ids_on_one_email_are_refused_as_a_conflict_not_merged()
    {
        using var client = fixture.Host.Client();
        var (a, b) = (Api.NewId("user"), Api.NewId("user"));
        var email = $"{Guid.NewGuid():N}@example.com";
        var now = DateTimeOffset.UtcNow;
        await PostAsync(client, [Event("c1", "EmailSent", now, new() { ["userId"] = a, ["email"] = email })]);
        await PostAsync(client, [Event("c2", "EmailOpened", now, new() { ["userId"] = b })]);
        await PostAsync(client, [Event("c3", "EmailOpened", now, new() { ["userId"] = b, ["email"] = email })]);

        var profileB = await LookupAsync(client, "userId", b);
        var conflict = profileB["identityConflicts"]!.AsArray().Single()!;
        Assert.Equal("email", (string)conflict["identityType"]!);
        Assert.Equal("c3", (string)conflict["eventId"]!);
        Assert.Null(profileB["identities"]!["email"]);
        Assert.Equal((string)(await LookupAsync(client, "userId", a))["individualId"]!, (string)(await LookupAsync(client, "email", email))["individualId"]!);
    }

    [Fact]
    public async Task Erasure_removes_the_survivor_and_every_merged_individual_with_their_contact_points_and_memberships()
    {
        using var client = fixture.Host.Client();
        var now = DateTimeOffset.UtcNow;
        var segment = Api.UniqueName("openers");
        await client.PutReadyAsync("segments", segment, """{"event":"EmailOpened","within":"30d"}""");
        var (userId, anonymousId, email) = (Api.NewId("user"), Api.NewId("anon"), $"{Guid.NewGuid():N}@example.com");
        await PostAsync(client, [Event("e1", "EmailOpened", now.AddDays(-1), new() { ["userId"] = userId, ["email"] = email })]);
        await PostAsync(client, [Event("e2", "EmailOpened", now.AddDays(-2), new() { ["anonymousId"] = anonymousId })]);
        var ids = new[]
        {
            (string)(await LookupAsync(client, "userId", userId))["individualId"]!,
            (string)(await LookupAsync(client, "anonymousId", anonymousId))["individualId"]!,
        };
        await PostAsync(client, [Event("e3", "AttributesUpdated", now, new() { ["userId"] = userId, ["anonymousId"] = anonymousId })]);

        // Erasing through the merged-away id erases the survivor too.
        var other = ids.Max(StringComparer.Ordinal)!;
        using (var erase = await client.DeleteAsync(new Uri($"/v1/profiles/{other}", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, erase.StatusCode);
            var body = await erase.ReadObjectAsync();
            Assert.Equal(2, body["individuals"]!.AsArray().Count);
            Assert.Equal(3, (int)body["events"]!);
        }

        foreach (var id in ids)
        {
            using var profile = await client.GetAsync(new Uri($"/v1/profiles/{id}", UriKind.Relative));
            await profile.AssertProblemAsync(HttpStatusCode.NotFound);
            using var timeline = await client.GetAsync(new Uri($"/v1/profiles/{id}/timeline", UriKind.Relative));
            await timeline.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        foreach (var query in new[] { $"userId={userId}", $"anonymousId={anonymousId}", $"email={email}" })
        {
            using var lookup = await client.GetAsync(new Uri($"/v1/profiles/lookup?{query}", UriKind.Relative));
            await lookup.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        var members = (await client.GetObjectAsync($"/v1/segments/{segment}/members?limit=1000"))["members"]!.AsArray();
        Assert.DoesNotContain(members, m => ids.Contains((string)m!["individualId"]!));
        using (var again = await client.DeleteAsync(new Uri($"/v1/profiles/{ids[0]}", UriKind.Relative)))
        {
            await again.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using var readKey = fixture.Host.Client(await CreateKeyAsync(client, "read"));
        using var forbidden = await readKey.DeleteAsync(new Uri($"/v1/profiles/{ids[0]}", UriKind.Relative));
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    internal static async Task<string> CreateKeyAsync(HttpClient admin, string scope)
    {
        using var response = await admin.PostAsync(new Uri("/v1/keys", UriKind.Relative), Api.Json($$"""{"scopes":["{{scope}}"]}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadObjectAsync())["key"]!;
    }

    private static string? Value(JsonObject profile, string section, string name) => profile[section]![name]!["value"]?.ToJsonString();

    private static Task<List<(string Individual, string Type)>> ChangesAsync(HttpClient client, string segment) => SegmentFeed.ReplayAsync(client, segment);
}
