using System.Globalization;
using System.Text.Json.Nodes;
using EngagementGrains.ModelTests.Operations;
using EngagementGrains.ModelTests.Reference;

namespace EngagementGrains.ModelTests.Running;

/// <summary>
/// Compares everything a user can read with the reference: who is one individual, every profile's counts,
/// instants, measures and segments, and every segment's member list. Returns the differences (none when equal).
/// </summary>
public static class StateCheck
{
    public static async Task<(List<string> Differences, Dictionary<int, string> Ids)> CompareAsync(IModelEngine engine, ReferenceModel model, int people)
    {
        var differences = new List<string>();
        var ids = new Dictionary<int, string>();
        // Odd people are looked up by phone with the + as people type it (not percent-encoded), even ones by email.
        var lookups = await Task.WhenAll(Enumerable.Range(0, people).Select(p => GetAsync(engine, p % 2 == 1
            ? $"/v1/profiles/lookup?phone={ReferenceModel.Phone(p)}"
            : $"/v1/profiles/lookup?email={Uri.EscapeDataString(ReferenceModel.Email(p))}")));
        for (var person = 0; person < people; person++)
        {
            var answer = lookups[person];
            var group = model.GroupOf(person);
            if (group is null)
            {
                if (answer.Status != 404)
                {
                    differences.Add($"person {person} has no events, but lookup answered {answer.Status}: {Shorten(answer.Text)}");
                }

                continue;
            }

            if (answer.Status != 200 || answer.Body?["individualId"]?.GetValue<string>() is not { } id)
            {
                differences.Add($"person {person} lookup answered {answer.Status}: {Shorten(answer.Text)}");
                continue;
            }

            ids[person] = id;
            if (group.People.Min() == person)
            {
                CompareProfile(person, model.Profile(group), answer.Body!.AsObject(), differences);
            }
        }

        foreach (var group in model.Groups)
        {
            var theirs = group.People.Where(ids.ContainsKey).Select(p => ids[p]).Distinct().ToArray();
            if (theirs.Length > 1)
            {
                // Their identity graphs say why the engine kept them apart (refused contact points, separations).
                var graphs = await Task.WhenAll(theirs.Select(id => GetAsync(engine, $"/v1/profiles/{id}/identities")));
                differences.Add($"people {string.Join(",", group.People)} are one individual, but the engine has {string.Join(", ", theirs)}: "
                    + string.Join("; ", graphs.Select(g => g.Text)));
            }
        }

        foreach (var (a, b) in ids.SelectMany(x => ids.Where(y => y.Key > x.Key).Select(y => (x, y))))
        {
            if (a.Value == b.Value && !ReferenceEquals(model.GroupOf(a.Key), model.GroupOf(b.Key)))
            {
                differences.Add($"people {a.Key} and {b.Key} are different individuals, but the engine has both as {a.Value}");
            }
        }

        await CompareMembersAsync(engine, model, ids, differences);
        return (differences, ids);
    }

    /// <summary>The ids the members lists must hold, per segment.</summary>
    public static Dictionary<string, SortedSet<string>> ExpectedMembers(ReferenceModel model, IReadOnlyDictionary<int, string> ids) =>
        model.Segments.Keys.ToDictionary(
            s => s,
            s => new SortedSet<string>(model.Groups
                .Where(g => model.Profile(g).Segments.Contains(s) && ids.ContainsKey(g.People.Min()))
                .Select(g => ids[g.People.Min()]), StringComparer.Ordinal),
            StringComparer.Ordinal);

    private static async Task CompareMembersAsync(IModelEngine engine, ReferenceModel model, Dictionary<int, string> ids, List<string> differences)
    {
        var expected = ExpectedMembers(model, ids);
        foreach (var (segment, members) in expected)
        {
            var answer = await GetAsync(engine, $"/v1/segments/{segment}/members?limit=1000");
            if (answer.Status != 200)
            {
                differences.Add($"members of {segment} answered {answer.Status}: {Shorten(answer.Text)}");
                continue;
            }

            var actual = answer.Body!["members"]!.AsArray().Select(m => m!["individualId"]!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            if (!actual.SetEquals(members))
            {
                differences.Add($"members of {segment}: expected [{string.Join(", ", members)}], engine lists [{string.Join(", ", actual.Order(StringComparer.Ordinal))}]");
            }
        }

        foreach (var segment in DefinitionShape.SegmentNames.Where(s => !model.Segments.ContainsKey(s)))
        {
            var answer = await GetAsync(engine, $"/v1/segments/{segment}");
            if (answer.Status != 404)
            {
                differences.Add($"segment {segment} was deleted, but GET answered {answer.Status}");
            }
        }
    }

    private static void CompareProfile(int person, ExpectedProfile expected, JsonObject profile, List<string> differences)
    {
        void Differ(string what, object? want, object? got) =>
            differences.Add($"profile of person {person} ({profile["individualId"]}): {what} should be {want ?? "null"}, engine says {got ?? "null"}");

        var eventCount = profile["eventCount"]?.GetValue<int>();
        if (eventCount != expected.EventCount)
        {
            Differ("eventCount", expected.EventCount, eventCount);
        }

        var counts = profile["eventCounts"]?.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<int>(), StringComparer.Ordinal) ?? [];
        if (!counts.OrderBy(c => c.Key, StringComparer.Ordinal).SequenceEqual(expected.EventCounts.OrderBy(c => c.Key, StringComparer.Ordinal)))
        {
            Differ("eventCounts", Show(expected.EventCounts), Show(counts));
        }

        if (Instant(profile["firstSeen"]) != expected.FirstSeen)
        {
            Differ("firstSeen", expected.FirstSeen.ToString("O", CultureInfo.InvariantCulture), profile["firstSeen"]);
        }

        if (Instant(profile["lastSeen"]) != expected.LastSeen)
        {
            Differ("lastSeen", expected.LastSeen.ToString("O", CultureInfo.InvariantCulture), profile["lastSeen"]);
        }

        var measures = profile["measures"]?.AsObject() ?? [];
        foreach (var (name, value) in expected.Measures)
        {
            var got = measures[name] is JsonObject m ? m["value"] : null;
            var number = got is JsonValue v && v.TryGetValue<decimal>(out var d) ? d : (decimal?)null;
            if (!measures.ContainsKey(name) || number != value)
            {
                Differ($"measure {name}", value, got?.ToJsonString() ?? (measures.ContainsKey(name) ? "null" : "missing"));
            }
        }

        foreach (var extra in measures.Select(m => m.Key).Where(k => !expected.Measures.ContainsKey(k)))
        {
            Differ($"measure {extra}", "absent (not defined)", "present");
        }

        var segments = (profile["segments"]?.AsObject() ?? []).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        if (!segments.SetEquals(expected.Segments))
        {
            Differ("segments", $"[{string.Join(",", expected.Segments.Order(StringComparer.Ordinal))}]", $"[{string.Join(",", segments.Order(StringComparer.Ordinal))}]");
        }

        var emails = (profile["identities"]?["email"]?.AsArray() ?? []).Select(e => e!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        var expectedEmails = expected.People.Select(ReferenceModel.Email).ToHashSet(StringComparer.Ordinal);
        if (!emails.SetEquals(expectedEmails))
        {
            Differ("identities.email", string.Join(",", expectedEmails.Order(StringComparer.Ordinal)), string.Join(",", emails.Order(StringComparer.Ordinal)));
        }
    }

    private static DateTimeOffset? Instant(JsonNode? node) =>
        node?.GetValue<string>() is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture) : null;

    private static string Show(IReadOnlyDictionary<string, int> counts) =>
        "{" + string.Join(",", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}:{c.Value}")) + "}";

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private static async Task<Answer> GetAsync(IModelEngine engine, string path) =>
        (await EngineRequests.SendAsync(engine, HttpMethod.Get, path, null, TimeSpan.FromSeconds(30))).Answer;
}
