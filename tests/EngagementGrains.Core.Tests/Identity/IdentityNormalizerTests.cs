using EngagementGrains.Core.Identity;

namespace EngagementGrains.Core.Tests.Identity;

public sealed class IdentityNormalizerTests
{
    [Theory]
    [InlineData("email", "  A.Person@Example.COM ", "a.person@example.com")]
    [InlineData("phone", "+1 (555) 123-4567", "+15551234567")]
    [InlineData("phone", "0044 20 7946 0958", "+442079460958")]
    [InlineData("phone", "212-788-8877", "2127888877")]
    [InlineData("customerId", " 12345678 ", "12345678")]
    public void Normalizes_contact_points_so_one_address_is_one_key(string type, string raw, string expected)
    {
        Assert.Equal(expected, IdentityNormalizer.Normalize(type, raw, out var error));
        Assert.Null(error);
    }

    [Theory]
    [InlineData("email", "not-an-email")]
    [InlineData("email", "a@b")]
    [InlineData("email", "a b@example.com")]
    [InlineData("phone", "0")]
    [InlineData("phone", "+1 555 CALL NOW")]
    [InlineData("userId", "   ")]
    public void Rejects_values_that_are_not_contact_points(string type, string raw)
    {
        Assert.Null(IdentityNormalizer.Normalize(type, raw, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Knows_the_contract_types_and_configured_extras()
    {
        var normalizer = new IdentityNormalizer(["loyaltyId"]);
        foreach (var type in new[] { "email", "phone", "customerId", "userId", "anonymousId", "deviceId", "socialId", "imei", "contactId", "leadId", "participantId", "loyaltyId" })
        {
            Assert.True(normalizer.IsKnownType(type), type);
        }

        Assert.False(normalizer.IsKnownType("fax"));
    }
}
