using EngagementGrains.Core.Events;

namespace EngagementGrains.Client.Tracking;

/// <summary>Tracked events refused before reaching the cluster, with every mistake named as <c>POST /v1/events</c> names it; nothing was stored.</summary>
public sealed class EventsRejectedException : Exception
{
    public EventsRejectedException()
        : this(Array.Empty<ValidationError>())
    {
    }

    public EventsRejectedException(string message)
        : base(message)
    {
        Errors = [];
    }

    public EventsRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public EventsRejectedException(IReadOnlyList<ValidationError> errors)
        : base(Describe(errors))
    {
        Errors = errors;
    }

    /// <summary>Each mistake: the event's index in the batch, the field, and why.</summary>
    public IReadOnlyList<ValidationError> Errors { get; }

    private static string Describe(IReadOnlyList<ValidationError> errors) =>
        "The events were refused, nothing was stored: " + string.Join("; ", errors.Select(e => $"[{e.Index}] {e.Field}: {e.Message}"));
}
