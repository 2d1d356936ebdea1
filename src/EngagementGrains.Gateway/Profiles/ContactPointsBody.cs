using System.Text.Json;
using EngagementGrains.Core.Identity;
using EngagementGrains.Gateway.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EngagementGrains.Gateway.Profiles;

/// <summary>
/// Reads the <c>identities</c> object of a request body (type → value, or where allowed a list of values) into
/// identity keys (<c>type:value</c>) normalised as on ingest, naming the field of the first bad one.
/// </summary>
public static class ContactPointsBody
{
    /// <summary>Adds each contact point of <paramref name="named"/> to <paramref name="keys"/>; returns the problem of the first bad one, or null.</summary>
    public static ProblemHttpResult? Read(JsonElement named, IdentityNormalizer identities, bool allowLists, List<string> keys)
    {
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var identity in named.EnumerateObject())
        {
            var field = "identities." + identity.Name;
            if (!identities.IsKnownType(identity.Name))
            {
                return ApiProblems.BadParameter(field, $"is not an identity type (known: {string.Join(", ", identities.Types.Order(StringComparer.Ordinal))})");
            }

            var listed = allowLists && identity.Value.ValueKind == JsonValueKind.Array;
            var values = listed ? identity.Value.EnumerateArray().ToArray() : [identity.Value];
            for (var i = 0; i < values.Length; i++)
            {
                var at = listed ? $"{field}[{i}]" : field;
                if (values[i].ValueKind != JsonValueKind.String)
                {
                    return ApiProblems.BadParameter(at, allowLists ? "must be a string (or a list of strings)" : "must be a string");
                }

                if (IdentityNormalizer.Normalize(identity.Name, values[i].GetString()!, out var error) is not { } value)
                {
                    return ApiProblems.BadParameter(at, error!);
                }

                keys.Add(IdentityKey.Format(identity.Name, value));
            }
        }

        return null;
    }
}
