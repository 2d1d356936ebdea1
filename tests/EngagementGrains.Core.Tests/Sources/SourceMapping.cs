using System.Text.Json;
using System.Text.Json.Nodes;
using EngagementGrains.Core.Events;
using EngagementGrains.Core.Sources;
using EngagementGrains.Core.Tests.Events;

namespace EngagementGrains.Core.Tests.Sources;

/// <summary>Maps source bodies and checks that what comes out is a valid event by the contract.</summary>
internal static class SourceMapping
{
    public static (IReadOnlyList<SourceEvent> Events, List<ValidationError> Errors) Map(ISourceFormat format, string json)
    {
        using var document = JsonDocument.Parse(json);
        var errors = new List<ValidationError>();
        return (format.Map(document.RootElement, errors), errors);
    }

    /// <summary>Maps a body that must map cleanly, and runs every event through the validator.</summary>
    public static IReadOnlyList<SourceEvent> MapValid(ISourceFormat format, string json)
    {
        var (events, errors) = Map(format, json);
        Assert.Empty(errors);
        var validator = ValidatorFactory.Create();
        for (var i = 0; i < events.Count; i++)
        {
            using var document = JsonDocument.Parse(events[i].Event.ToJsonString());
            var problems = new List<ValidationError>();
            var valid = validator.Validate(document.RootElement, i, problems);
            Assert.Empty(problems);
            Assert.NotNull(valid);
        }

        return events;
    }

    /// <summary>Maps a body that must fail as a whole with one error.</summary>
    public static ValidationError SingleError(ISourceFormat format, string json)
    {
        var (events, errors) = Map(format, json);
        Assert.Empty(events);
        return Assert.Single(errors);
    }

    public static string? Text(JsonObject e, string path)
    {
        JsonNode? node = e;
        foreach (var part in path.Split('.'))
        {
            node = node?[part];
        }

        return node?.GetValueKind() switch
        {
            null => null,
            JsonValueKind.String => node.GetValue<string>(),
            _ => node.ToJsonString(),
        };
    }
}
