using System.Globalization;
using System.Text.Json.Nodes;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.ModelTests.Running;

/// <summary>
/// Reads a segment's change feed from the start and checks it against the member list the reference
/// expects: ids strictly increase, each person's changes alternate enter/exit, the last one is the
/// current state, and a resume from any id gives exactly the rest.
/// </summary>
public static class FeedCheck
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(15);

    public static async Task<List<string>> CompareAsync(IModelEngine engine, string segment, IReadOnlySet<string> members, Random random)
    {
        var differences = new List<string>();
        var feed = new List<(long Id, string Change, string IndividualId)>();
        using (var stream = await SseClient.ConnectAsync(engine.NewClient(), $"/v1/segments/{segment}/changes"))
        {
            var deadline = DateTime.UtcNow + s_deadline;
            while (!Current(feed).SetEquals(members))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    differences.Add($"feed of {segment} ends with members [{string.Join(", ", Current(feed).Order(StringComparer.Ordinal))}], expected [{string.Join(", ", members.Order(StringComparer.Ordinal))}]");
                    return differences;
                }

                try
                {
                    feed.Add(Parse(await stream.NextAsync(left)));
                }
                catch (Exception error) when (error is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
                {
                    differences.Add($"feed of {segment} stopped after {feed.Count} changes, short of the member list [{string.Join(", ", members)}]");
                    return differences;
                }
            }
        }

        for (var i = 1; i < feed.Count; i++)
        {
            if (feed[i].Id <= feed[i - 1].Id)
            {
                differences.Add($"feed of {segment}: id {feed[i].Id} follows {feed[i - 1].Id}");
            }
        }

        foreach (var person in feed.GroupBy(f => f.IndividualId))
        {
            var changes = person.Select(f => f.Change).ToArray();
            if (changes.Zip(changes.Skip(1)).Any(pair => pair.First == pair.Second))
            {
                differences.Add($"feed of {segment}: {person.Key} has {string.Join(",", changes)}, which does not alternate");
            }
        }

        if (feed.Count > 1 && differences.Count == 0)
        {
            var from = random.Next(feed.Count - 1);
            var rest = feed.Skip(from + 1).ToArray();
            using var resumed = await SseClient.ConnectAsync(engine.NewClient(), $"/v1/segments/{segment}/changes", feed[from].Id.ToString(CultureInfo.InvariantCulture));
            for (var i = 0; i < rest.Length; i++)
            {
                (long, string, string) got;
                try
                {
                    got = Parse(await resumed.NextAsync(s_deadline));
                }
                catch (Exception error) when (error is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
                {
                    differences.Add($"feed of {segment} resumed after {feed[from].Id} gave {i} of the {rest.Length} changes that follow");
                    break;
                }

                if (got != rest[i])
                {
                    differences.Add($"feed of {segment} resumed after {feed[from].Id}: change {i} is {got}, the full read had {rest[i]}");
                    break;
                }
            }
        }

        return differences;
    }

    private static HashSet<string> Current(List<(long Id, string Change, string IndividualId)> feed) =>
        feed.GroupBy(f => f.IndividualId).Where(g => g.Last().Change == "enter").Select(g => g.Key).ToHashSet(StringComparer.Ordinal);

    private static (long Id, string Change, string IndividualId) Parse((string Id, string Event, string Data) message)
    {
        var data = JsonNode.Parse(message.Data)!;
        return (long.Parse(message.Id, CultureInfo.InvariantCulture), message.Event, data["individualId"]!.GetValue<string>());
    }
}
