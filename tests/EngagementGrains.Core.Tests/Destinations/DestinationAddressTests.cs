using System.Net;
using EngagementGrains.Core.Destinations;

namespace EngagementGrains.Core.Tests.Destinations;

public sealed class DestinationAddressTests
{
    [Theory]
    [InlineData("https://hooks.example.com/eg")]
    [InlineData("https://203.0.113.9:8443/eg?x=1")]
    [InlineData("http://127.0.0.1:9000/hook")]
    [InlineData("http://127.8.9.10/hook")]
    [InlineData("http://localhost:9000/hook")]
    [InlineData("http://[::1]:9000/hook")]
    [InlineData("https://[2001:db8::1]/hook")]
    public void Public_https_and_loopback_http_are_accepted(string url) => Assert.Null(DestinationAddress.Check(url, allowPrivateNetworks: false));

    [Theory]
    [InlineData("http://hooks.example.com/eg", "https")]
    [InlineData("ftp://hooks.example.com/eg", "https")]
    [InlineData("hooks.example.com/eg", "https")]
    [InlineData("https://user:pw@hooks.example.com/eg", "user name")]
    [InlineData("https://hooks.example.com/eg#x", "fragment")]
    [InlineData("https://10.1.2.3/eg", "private")]
    [InlineData("https://172.16.0.1/eg", "private")]
    [InlineData("https://172.31.255.255/eg", "private")]
    [InlineData("https://192.168.1.1/eg", "private")]
    [InlineData("https://169.254.169.254/latest", "private")]
    [InlineData("https://[fd00::1]/eg", "private")]
    [InlineData("https://[fe80::1]/eg", "private")]
    [InlineData("https://[::ffff:10.0.0.1]/eg", "private")]
    [InlineData("https://0.0.0.0/eg", "no destination")]
    [InlineData("http://10.0.0.1/eg", "https")]
    public void Other_schemes_credentials_and_private_networks_are_refused_with_the_reason(string url, string reason) =>
        Assert.Contains(reason, DestinationAddress.Check(url, allowPrivateNetworks: false), StringComparison.Ordinal);

    [Fact]
    public void Private_networks_are_accepted_when_the_operator_allows_them_but_http_stays_loopback_only()
    {
        Assert.Null(DestinationAddress.Check("https://10.1.2.3/eg", allowPrivateNetworks: true));
        Assert.Null(DestinationAddress.Check("https://[fd00::1]/eg", allowPrivateNetworks: true));
        Assert.NotNull(DestinationAddress.Check("http://10.1.2.3/eg", allowPrivateNetworks: true));
    }

    [Theory]
    [InlineData("172.15.255.255", false)]
    [InlineData("172.32.0.0", false)]
    [InlineData("192.169.0.1", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("fc00::1", true)]
    [InlineData("febf::1", true)]
    [InlineData("fec0::1", false)]
    [InlineData("2001:db8::1", false)]
    public void The_private_ranges_end_where_they_should(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, DestinationAddress.IsPrivate(IPAddress.Parse(address)));
}
