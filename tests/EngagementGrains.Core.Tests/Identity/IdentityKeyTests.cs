using EngagementGrains.Core.Identity;

namespace EngagementGrains.Core.Tests.Identity;

public sealed class IdentityKeyTests
{
    [Fact]
    public void The_grain_key_keeps_the_type_and_hides_the_contact_point()
    {
        var grainKey = IdentityKey.GrainKey("email:jane.doe@example.com");
        Assert.StartsWith("email#", grainKey, StringComparison.Ordinal);
        Assert.Equal("email#".Length + 32, grainKey.Length);
        Assert.DoesNotContain("jane", grainKey, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("example", grainKey, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void One_contact_point_always_has_one_grain_key_and_two_have_two()
    {
        // Stored rows are found by this key: it must not change between processes or releases.
        Assert.Equal("phone#aa90c64402988c34488e2ec6725f994d", IdentityKey.GrainKey("phone:+15550100"));
        Assert.Equal(IdentityKey.GrainKey("email:a@example.com"), IdentityKey.GrainKey("email:a@example.com"));
        Assert.NotEqual(IdentityKey.GrainKey("email:a@example.com"), IdentityKey.GrainKey("email:b@example.com"));
        Assert.NotEqual(IdentityKey.GrainKey("email:a@example.com"), IdentityKey.GrainKey("userId:a@example.com"));
    }

    [Fact]
    public void A_grain_key_is_recognised_by_its_shape_and_names_its_type()
    {
        var grainKey = IdentityKey.GrainKey("anonymousId:anon-7");
        Assert.True(IdentityKey.IsGrainKey(grainKey));
        Assert.Equal("anonymousId", IdentityKey.TypeOfGrainKey(grainKey));
        Assert.False(IdentityKey.IsGrainKey("email:a@example.com"));
        Assert.False(IdentityKey.IsGrainKey("email#0123"));
        Assert.False(IdentityKey.IsGrainKey(grainKey.ToUpperInvariant()));
    }
}
