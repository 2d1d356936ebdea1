using EngagementGrains.Core.Destinations;

namespace EngagementGrains.Core.Tests.Destinations;

public sealed class WebhookSignatureTests
{
    // The key is the bytes 1..24. Computed independently of this code:
    //   python3 -c "import hmac,hashlib,base64; k=bytes(range(1,25)); print('whsec_'+base64.b64encode(k).decode());
    //     print(base64.b64encode(hmac.new(k, b'orders:42.1796558400.{\"type\":\"segment.enter\",\"segment\":\"orders\"}', hashlib.sha256).digest()).decode())"
    private const string Secret = "whsec_AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcY";
    private const string Body = """{"type":"segment.enter","segment":"orders"}""";
    private const string Expected = "v1,O7fwOQHJnT5BEeCFk4TWs/Me+lPz7fl/6ArOYmzDWEo=";

    [Fact]
    public void A_signature_matches_a_known_vector() =>
        Assert.Equal(Expected, WebhookSignature.Sign(Secret, "orders:42", 1796558400, Body));

    [Fact]
    public void A_header_carries_one_signature_per_secret_and_each_secret_verifies_it()
    {
        var other = WebhookSignature.NewSecret();
        var header = WebhookSignature.Header([other, Secret], "orders:42", 1796558400, Body);
        Assert.Equal(2, header.Split(' ').Length);
        Assert.EndsWith(" " + Expected, header, StringComparison.Ordinal);
        Assert.True(WebhookSignature.Verifies(Secret, header, "orders:42", 1796558400, Body));
        Assert.True(WebhookSignature.Verifies(other, header, "orders:42", 1796558400, Body));
        Assert.False(WebhookSignature.Verifies(WebhookSignature.NewSecret(), header, "orders:42", 1796558400, Body));
        Assert.False(WebhookSignature.Verifies(Secret, header, "orders:43", 1796558400, Body));
        Assert.False(WebhookSignature.Verifies(Secret, header, "orders:42", 1796558401, Body));
    }

    [Fact]
    public void A_new_secret_is_whsec_and_at_least_24_random_bytes()
    {
        var secret = WebhookSignature.NewSecret();
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(secret["whsec_".Length..]).Length >= 24);
        Assert.NotEqual(secret, WebhookSignature.NewSecret());
    }

    [Fact]
    public void The_payload_is_the_documented_shape_and_the_id_is_segment_and_position()
    {
        Assert.Equal("vip:7", SegmentChangePayload.WebhookId("vip", 7));
        Assert.Equal(
            """{"type":"segment.exit","segment":"vip","individualId":"ind-1","at":"2026-12-01T12:00:00.250Z","position":7}""",
            SegmentChangePayload.Body("vip", "ind-1", entered: false, new DateTimeOffset(2026, 12, 1, 12, 0, 0, 250, TimeSpan.Zero), 7));
    }
}
