using System.Text.Json;
using EngagementGrains.Core.Events;

namespace EngagementGrains.Core.Sources;

/// <summary>A native record format of a seed system, turned into canonical engagement events.</summary>
public interface ISourceFormat
{
    /// <summary>The route name: <c>POST /v1/sources/{Name}</c>.</summary>
    string Name { get; }

    /// <summary>
    /// Maps a request body to canonical event objects (the JSON shape of <c>POST /v1/events</c>). Every
    /// problem is added to <paramref name="errors"/> with the record's index and the field's name; the
    /// caller stores nothing when any error was added.
    /// </summary>
    IReadOnlyList<SourceEvent> Map(JsonElement body, List<ValidationError> errors);
}
