using System.Net;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;
using static EngagementGrains.EndToEnd.Tests.Infrastructure.IdentityEvents;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary>
/// A wrong merge undone over HTTP: a parent and a child merged by one form that carried the parent's user id and
/// the child's email. The split must give back exactly two individuals as if never merged (compared with control
/// individuals that got only their own events), publish the exits and enters that follow, keep them apart, and
/// let an admin lift that.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class ProfileSplitTests(HostFixture fixture)
{
    [Fact]
    public async Task A_split_gives_back_both_individuals_as_if_never_merged_and_keeps_them_apart_until_lifted()
    {
        using var client = fixture.Host.Client();
        var now = DateTimeOffset.UtcNow;
        var opens = Api.UniqueName("opens_30d");
        var spend = Api.UniqueName("spend_30d");
        var readers = Api.UniqueName("readers");
        var buyers = Api.UniqueName("buyers");
        await client.PutReadyAsync("measures", opens, """{"event":"EmailOpened","aggregate":"count","within":"30d"}""");
        await client.PutReadyAsync("measures", spend, """{"event":"Purchase","aggregate":"sum","field":"total","within":"30d"}""");
        await client.PutReadyAsync("segments", readers, $$$"""{"measure":"{{{opens}}}","gte":2}""");
        await client.PutReadyAsync("segments", buyers, $$$"""{"measure":"{{{spend}}}","gte":100}""");

        var userId = Api.NewId("user");
        var parentEmail = $"{Guid.NewGuid():N}@parent.example";
        var childEmail = $"{Guid.NewGuid():N}@child.example";
        var parentEvents = new[]
        {
            Event("p1", "EmailSent", now.AddDays(-5), new() { ["userId"] = userId, ["email"] = parentEmail }),
            Event("p2", "Purchase", now.AddDays(-4), new() { ["userId"] = userId }, """{"total":120}"""),
            Event("p3", "EmailOpened", now.AddDays(-3), new() { ["email"] = parentEmail }),
        };
        var childEvents = new[]
        {
            Event("c1", "EmailOpened", now.AddDays(-2), new() { ["email"] = childEmail }),
            Event("c2", "EmailOpened", now.AddDays(-1), new() { ["email"] = childEmail }),
            Event("c3", "Purchase", now.AddHours(-20), new() { ["email"] = childEmail }, """{"total":15}"""),
        };
        await PostAsync(client, parentEvents);
        await PostAsync(client, childEvents);
        var parentId = (string)(await LookupAsync(client, "userId", userId))["individualId"]!;
        var childId = (string)(await LookupAsync(client, "email", childEmail))["individualId"]!;
        Assert.NotEqual(parentId, childId);

        // The wrong merge: a form filled in on the parent's account with the child's email.
        var form = Event("f1", "FormSubmitted", now.AddHours(-10), new() { ["userId"] = userId, ["email"] = childEmail });
        await PostAsync(client, [form]);
        var merged = await LookupAsync(client, "email", childEmail);
        var survivor = (string)merged["individualId"]!;
        Assert.Equal(survivor, (string)(await LookupAsync(client, "userId", userId))["individualId"]!);
        Assert.Equal(7, (int)merged["eventCount"]!);
        Assert.Contains(readers, Keys(merged["segments"]!));
        var absorbed = survivor == parentId ? childId : parentId;

        // Only an admin may split; the body is checked field by field and nothing changes on a refusal.
        using (var reader = fixture.Host.Client(await CreateKeyAsync(client, "read")))
        using (var refused = await reader.PostAsync(new Uri($"/v1/profiles/{survivor}/split", UriKind.Relative), Api.Json($$$"""{"identities":{"email":"{{{childEmail}}}"}}""")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        await AssertRefusedAsync(client, survivor, """{"identities":{"email":"nobody@example.com"}}""", "identities");
        await AssertRefusedAsync(client, survivor, """{"identities":{"shoeSize":"42"}}""", "identities.shoeSize");
        await AssertRefusedAsync(client, survivor, """{"identities":{"email":["ok@example.com", 5]}}""", "identities.email[1]");
        await AssertRefusedAsync(client, survivor, """{"identities":{}}""", "identities");
        await AssertRefusedAsync(client, survivor, $$$"""{"identities":{"userId":"{{{userId}}}","email":["{{{parentEmail}}}","{{{childEmail}}}"]}}""", "identities");
        using (var missing = await client.PostAsync(new Uri($"/v1/profiles/{Api.NewId()}/split", UriKind.Relative), Api.Json($$$"""{"identities":{"email":"{{{childEmail}}}"}}""")))
        {
            await missing.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        Assert.Equal(7, (int)(await client.GetObjectAsync($"/v1/profiles/{survivor}"))["eventCount"]!);

        // The split, named by the merged-away id or the survivor alike.
        using var split = await client.PostAsync(new Uri($"/v1/profiles/{absorbed}/split", UriKind.Relative), Api.Json($$$"""{"identities":{"email":"{{{childEmail}}}"}}"""));
        Assert.True(split.StatusCode == HttpStatusCode.OK, await split.Content.ReadAsStringAsync());
        var outcome = await split.ReadObjectAsync();
        Assert.Equal(survivor, (string)outcome["individualId"]!);
        Assert.Equal(childId, (string)outcome["splitOffId"]!);
        Assert.Equal(3, (int)outcome["splitOffEvents"]!);
        Assert.Equal(4, (int)outcome["remainingEvents"]!);

        // The oracles: individuals that only ever got each side's events (the form goes with its user id).
        var parentControl = Api.NewId();
        var childControl = Api.NewId();
        await PostAsync(client, [.. parentEvents.Append(form).Select(e => WithIndividual(e, parentControl))]);
        await PostAsync(client, [.. childEvents.Select(e => WithIndividual(e, childControl))]);
        var parent = await LookupAsync(client, "userId", userId);
        var child = await LookupAsync(client, "email", childEmail);
        Assert.Equal(parentId, (string)parent["individualId"]!);
        Assert.Equal(childId, (string)child["individualId"]!);
        foreach (var (actual, control) in new[] { (parent, parentControl), (child, childControl) })
        {
            var expected = await client.GetObjectAsync($"/v1/profiles/{control}");
            Assert.Equal((int)expected["eventCount"]!, (int)actual["eventCount"]!);
            Assert.Equal(Value(expected, opens), Value(actual, opens));
            Assert.Equal(Value(expected, spend), Value(actual, spend));
            Assert.Equal(Keys(expected["segments"]!), Keys(actual["segments"]!));
        }

        Assert.Equal("120", Value(parent, spend));
        Assert.Equal("2", Value(child, opens));
        Assert.DoesNotContain(readers, Keys(parent["segments"]!));
        Assert.Contains(readers, Keys(child["segments"]!));
        var childTimeline = (await client.GetObjectAsync($"/v1/profiles/{childId}/timeline"))["events"]!.AsArray()
            .Select(e => (string)e!["eventId"]!).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["c1", "c2", "c3"], childTimeline);

        // The feed says so: the parent left the readers, the child entered them.
        var changes = await ChangesAsync(client, readers);
        Assert.Equal("exit", changes.Last(c => c.Individual == parentId).Type);
        Assert.Equal("enter", changes.Last(c => c.Individual == childId).Type);

        // Kept apart: the same form again is the parent's, the child's email refused on it, nobody merged.
        await PostAsync(client, [Event("f2", "FormSubmitted", now.AddHours(-1), new() { ["userId"] = userId, ["email"] = childEmail })]);
        Assert.Equal(childId, (string)(await LookupAsync(client, "email", childEmail))["individualId"]!);
        var graph = await client.GetObjectAsync($"/v1/profiles/{parentId}/identities");
        Assert.Contains(graph["refused"]!.AsArray(), r => (string)r!["value"]! == childEmail);
        Assert.Equal(childId, (string)graph["separatedFrom"]![0]!["individualId"]!);
        Assert.Equal(childId, (string)(await client.GetObjectAsync($"/v1/profiles/{childId}/identities"))["individualId"]!);
        Assert.Equal(5, (int)(await client.GetObjectAsync($"/v1/profiles/{parentId}"))["eventCount"]!);

        // Lifted by an admin: the next such form merges them again.
        using var lift = await client.DeleteAsync(new Uri($"/v1/profiles/{childId}/separations", UriKind.Relative));
        Assert.Equal(1, (int)(await lift.ReadObjectAsync())["lifted"]!);
        Assert.Empty((await client.GetObjectAsync($"/v1/profiles/{parentId}/identities"))["separatedFrom"]!.AsArray());
        await PostAsync(client, [Event("f3", "FormSubmitted", now.AddMinutes(-5), new() { ["userId"] = userId, ["email"] = childEmail })]);
        var again = await LookupAsync(client, "email", childEmail);
        Assert.Equal((string)(await LookupAsync(client, "userId", userId))["individualId"]!, (string)again["individualId"]!);
        Assert.Equal(9, (int)again["eventCount"]!);
    }

    [Fact]
    public async Task An_individual_split_off_and_merged_elsewhere_takes_none_of_the_contact_points_it_was_split_from()
    {
        // Found by the model test: the survivor of the later merge folded the split-off individual's events before
        // taking over its separation, so the other person's phone (on the event that merged them wrongly) became its
        // own, and a merge with a fifth person's phone was then refused over the limit.
        using var client = fixture.Host.Client();
        var now = DateTimeOffset.UtcNow;
        string Email(string who) => $"{who}-{Guid.NewGuid():N}@example.com";
        var (kidEmail, momEmail, dadEmail) = (Email("kid"), Email("mom"), Email("dad"));
        var (kidPhone, momPhone, dadPhone) = ("+15550199001", "+15550199002", "+15550199003");
        await PostAsync(client, [Event("k1", "EmailOpened", now.AddHours(-5), new() { ["email"] = kidEmail, ["phone"] = kidPhone })]);
        await PostAsync(client, [Event("m1", "EmailOpened", now.AddHours(-5), new() { ["email"] = momEmail, ["phone"] = momPhone })]);
        await PostAsync(client, [Event("d1", "EmailOpened", now.AddHours(-5), new() { ["email"] = dadEmail, ["phone"] = dadPhone })]);

        // The kid's email with mom's phone merges them wrongly; the kid is split off again.
        await PostAsync(client, [Event("x1", "FormSubmitted", now.AddHours(-4), new() { ["email"] = kidEmail, ["phone"] = momPhone })]);
        var merged = (string)(await LookupAsync(client, "email", kidEmail))["individualId"]!;
        using (var split = await client.PostAsync(new Uri($"/v1/profiles/{merged}/split", UriKind.Relative),
            Api.Json($$$"""{"identities":{"email":"{{{kidEmail}}}","phone":"{{{kidPhone}}}"}}""")))
        {
            Assert.Equal(HttpStatusCode.OK, split.StatusCode);
        }

        // The kid (holding the wrong form) now rightly joins dad: mom's phone must not come along.
        await PostAsync(client, [Event("x2", "FormSubmitted", now.AddHours(-3), new() { ["email"] = dadEmail, ["phone"] = kidPhone })]);
        var kid = await LookupAsync(client, "email", kidEmail);
        Assert.Equal((string)kid["individualId"]!, (string)(await LookupAsync(client, "email", dadEmail))["individualId"]!);
        var graph = await client.GetObjectAsync($"/v1/profiles/{(string)kid["individualId"]!}/identities");
        var phones = graph["identities"]!.AsArray().Where(i => (string)i!["type"]! == "phone").Select(i => (string)i!["value"]!).Order().ToArray();
        Assert.Equal([kidPhone, dadPhone], phones);
        Assert.Contains(graph["refused"]!.AsArray(), r => (string)r!["value"]! == momPhone);
        Assert.NotEqual((string)kid["individualId"]!, (string)(await LookupAsync(client, "phone", momPhone))["individualId"]!);
    }

    private static async Task AssertRefusedAsync(HttpClient client, string id, string body, string field)
    {
        using var response = await client.PostAsync(new Uri($"/v1/profiles/{id}/split", UriKind.Relative), Api.Json(body));
        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(field, (string?)problem["field"]);
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string scope)
    {
        using var response = await admin.PostAsync(new Uri("/v1/keys", UriKind.Relative), Api.Json($$"""{"scopes":["{{scope}}"]}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.ReadObjectAsync())["key"]!;
    }

    private static string? Value(JsonObject profile, string name) => profile["measures"]![name]!["value"]?.ToJsonString();

    private static Task<List<(string Individual, string Type)>> ChangesAsync(HttpClient client, string segment) => SegmentFeed.ReplayAsync(client, segment);
}
