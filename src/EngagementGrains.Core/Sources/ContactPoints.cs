using EngagementGrains.Core.Events;
using EngagementGrains.Core.Identity;

namespace EngagementGrains.Core.Sources;

/// <summary>Adds a source's contact points to an event's identities, checked the way the validator will.</summary>
internal static class ContactPoints
{
    /// <summary>
    /// Adds <paramref name="value"/> when it normalises; otherwise reports it under the source's field name
    /// (the validator would name only <c>identities.type</c>) and adds nothing.
    /// </summary>
    public static void Add(Dictionary<string, string> identities, string type, string value, int index, string field, List<ValidationError> errors)
    {
        if (IdentityNormalizer.Normalize(type, value, out var error) is null)
        {
            errors.Add(new ValidationError(index, field, error!));
            return;
        }

        identities[type] = value;
    }

    /// <summary>Adds <paramref name="value"/> only when it normalises, for sources that fill absent values with placeholders.</summary>
    public static bool TryAdd(Dictionary<string, string> identities, string type, string? value)
    {
        if (value is null || IsPlaceholder(value) || IdentityNormalizer.Normalize(type, value, out _) is null)
        {
            return false;
        }

        identities.TryAdd(type, value);
        return true;
    }

    // LivePerson writes "undefined" or "null" (as text) for values it does not have.
    public static bool IsPlaceholder(string value) =>
        value.Equals("undefined", StringComparison.OrdinalIgnoreCase) || value.Equals("null", StringComparison.OrdinalIgnoreCase);
}
