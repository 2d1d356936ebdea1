namespace EngagementGrains.Core.Identity;

/// <summary>
/// The merge rules of identity resolution, per identity type, and the cap that keeps one shared
/// identifier from gluing many people together. Configuration section <c>Identity</c>.
/// </summary>
public sealed class IdentityRules
{
    public const string SectionName = "Identity";

    /// <summary>Rules by identity type; a type not listed merges with a limit of 5.</summary>
    public Dictionary<string, IdentityTypeRule> Types { get; init; } = new(StringComparer.Ordinal)
    {
        ["userId"] = new() { Merges = true, Limit = 1 },
        ["customerId"] = new() { Merges = true, Limit = 1 },
        ["contactId"] = new() { Merges = true, Limit = 1 },
        [IdentityTypes.Email] = new() { Merges = true, Limit = 5 },
        [IdentityTypes.Phone] = new() { Merges = true, Limit = 5 },
        ["leadId"] = new() { Merges = true, Limit = 5 },
        ["socialId"] = new() { Merges = true, Limit = 10 },
        ["participantId"] = new() { Merges = true, Limit = 20 },
        ["anonymousId"] = new() { Merges = true, Limit = 100 },
        ["deviceId"] = new() { Merges = false, Limit = 10 },
        ["imei"] = new() { Merges = false, Limit = 10 },
    };

    /// <summary>The most individuals one survivor may absorb; a merge beyond it is refused.</summary>
    public int MaxMergedIndividuals { get; set; } = 50;

    private static readonly IdentityTypeRule s_default = new();

    public IdentityTypeRule RuleFor(string type) => Types.GetValueOrDefault(type) ?? s_default;

    /// <summary>True when a contact point of this identity key's type may merge individuals.</summary>
    public bool Merges(string identityKey) => RuleFor(IdentityKey.TypeOf(identityKey)).Merges;

    /// <summary>Why two individuals may not become one, or null when they may.</summary>
    public string? CheckMerge(IReadOnlyCollection<string> survivor, int survivorMerged, IReadOnlyCollection<string> other, int otherMerged)
    {
        if (survivorMerged + otherMerged + 1 > MaxMergedIndividuals)
        {
            return $"the merge would join more than {MaxMergedIndividuals} individuals";
        }

        var union = new HashSet<string>(survivor, StringComparer.Ordinal);
        union.UnionWith(other);
        foreach (var group in union.GroupBy(IdentityKey.TypeOf, StringComparer.Ordinal))
        {
            var limit = RuleFor(group.Key).Limit;
            if (group.Count() > limit)
            {
                return $"the merged individual would hold {group.Count()} values of {group.Key}; the limit is {limit}";
            }
        }

        return null;
    }

    /// <summary>The keys an individual holding <paramref name="held"/> may take on, within each type's limit.</summary>
    public IReadOnlyList<string> Admit(IReadOnlyCollection<string> held, IEnumerable<string> offered)
    {
        var counts = held.GroupBy(IdentityKey.TypeOf, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var admitted = new List<string>();
        foreach (var key in offered)
        {
            if (held.Contains(key) || admitted.Contains(key))
            {
                admitted.Add(key);
                continue;
            }

            var type = IdentityKey.TypeOf(key);
            var count = counts.GetValueOrDefault(type);
            if (count < RuleFor(type).Limit)
            {
                counts[type] = count + 1;
                admitted.Add(key);
            }
        }

        return admitted.Distinct(StringComparer.Ordinal).ToArray();
    }
}
