using EngagementGrains.Abstractions.Destinations;
using EngagementGrains.Gateway.Profiles;

namespace EngagementGrains.Gateway.Destinations;

/// <summary>A destination as the API shows it: never its signing secret.</summary>
/// <param name="Name">The destination's name.</param>
/// <param name="Url">Where changes are POSTed.</param>
/// <param name="Segments">The segments it receives; null for every segment.</param>
/// <param name="Enabled">Whether deliveries run.</param>
/// <param name="Status"><c>active</c>, <c>disabled</c>, or <c>failing</c> (gave up on a change; replay to resume).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When it was last changed.</param>
/// <param name="PreviousSecretValidUntil">Until when the secret before the last rotation also signs, during an overlap.</param>
/// <param name="FailingSince">When it gave up, while failing.</param>
/// <param name="FailingReason">The change it gave up on and the last error, while failing.</param>
/// <param name="Positions">Per segment, the feed position delivered up to (the SSE id of the last acknowledged change).</param>
public sealed record class DestinationDescription(
    string Name, string Url, IReadOnlyList<string>? Segments, bool Enabled, string Status, string CreatedAt, string UpdatedAt,
    string? PreviousSecretValidUntil, string? FailingSince, string? FailingReason, IReadOnlyDictionary<string, long> Positions)
{
    public static DestinationDescription From(DestinationView view) => new(
        view.Name, view.Settings.Url, view.Settings.Segments, view.Settings.Enabled,
        !view.Settings.Enabled ? "disabled" : view.FailingSince is not null ? "failing" : "active",
        ApiJson.Timestamp(view.CreatedAt), ApiJson.Timestamp(view.UpdatedAt), Stamp(view.PreviousSecretValidUntil),
        Stamp(view.FailingSince), view.FailingReason, view.Positions);

    private static string? Stamp(DateTimeOffset? value) => value is { } v ? ApiJson.Timestamp(v) : null;
}
