using EngagementGrains.Core.Identity;

namespace EngagementGrains.Core.Tests.Identity;

public sealed class IdentityRulesTests
{
    private readonly IdentityRules _rules = new();

    [Fact]
    public void Two_people_with_different_user_ids_are_never_merged()
    {
        var reason = _rules.CheckMerge(["userId:a", "email:x@example.com"], 0, ["userId:b", "email:x@example.com"], 0);
        Assert.NotNull(reason);
        Assert.Contains("userId", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_anonymous_visitor_merges_into_a_known_user()
    {
        Assert.Null(_rules.CheckMerge(["userId:a", "email:x@example.com"], 3, ["anonymousId:v1", "anonymousId:v2"], 1));
    }

    [Fact]
    public void The_cap_on_merged_individuals_stops_one_identifier_gluing_many_people()
    {
        Assert.Null(_rules.CheckMerge(["email:x@example.com"], _rules.MaxMergedIndividuals - 1, ["anonymousId:v"], 0));
        Assert.NotNull(_rules.CheckMerge(["email:x@example.com"], _rules.MaxMergedIndividuals, ["anonymousId:v"], 0));
        Assert.NotNull(_rules.CheckMerge(["email:x@example.com"], 30, ["anonymousId:v"], 20));
    }

    [Fact]
    public void Shared_identifiers_do_not_merge_and_configured_types_follow_their_rule()
    {
        Assert.False(_rules.Merges("deviceId:family-tablet"));
        Assert.False(_rules.Merges("imei:356938035643809"));
        Assert.True(_rules.Merges("email:x@example.com"));
        Assert.True(_rules.Merges("someNewType:1"));

        var rules = new IdentityRules();
        rules.Types["email"] = new IdentityTypeRule { Merges = false, Limit = 1 };
        Assert.False(rules.Merges("email:x@example.com"));
    }

    [Fact]
    public void Admit_takes_contact_points_up_to_each_types_limit()
    {
        var held = new HashSet<string> { "userId:a", "email:1@x.com", "email:2@x.com", "email:3@x.com", "email:4@x.com" };
        var admitted = _rules.Admit(held, ["email:4@x.com", "email:5@x.com", "email:6@x.com", "userId:b", "phone:+15550001"]);
        Assert.Equal(["email:4@x.com", "email:5@x.com", "phone:+15550001"], admitted);
    }
}
