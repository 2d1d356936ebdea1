using System.Net;
using System.Net.Sockets;

namespace EngagementGrains.Core.Destinations;

/// <summary>
/// Where a webhook may go: https anywhere public, http only to this machine (loopback), and private or
/// link-local networks only when the operator allows them, so an admin key cannot aim the engine at the
/// internal network (server-side request forgery).
/// </summary>
public static class DestinationAddress
{
    /// <summary>The longest URL accepted.</summary>
    public const int MaxLength = 2000;

    /// <summary>Why the URL may not be a destination, or null when it may (before its host name is resolved).</summary>
    public static string? Check(string url, bool allowPrivateNetworks)
    {
        if (url.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.Host.Length == 0)
        {
            return "must be an absolute https URL, such as https://hooks.example.com/engagement";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "must not carry a user name or password; put credentials in the path or query instead";
        }

        if (uri.Fragment.Length > 0)
        {
            return "must not have a fragment (#…)";
        }

        var loopback = IsLoopbackHost(uri);
        if (uri.Scheme == "http" && !loopback)
        {
            return "must use https; plain http is accepted only to loopback (127.0.0.0/8, ::1, localhost)";
        }

        return IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) ? CheckResolved(address, allowPrivateNetworks) : null;
    }

    /// <summary>Why a resolved address may not be sent to, or null when it may.</summary>
    public static string? CheckResolved(IPAddress address, bool allowPrivateNetworks)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return null;
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return $"resolves to {address}, which is no destination";
        }

        return !allowPrivateNetworks && IsPrivate(address)
            ? $"resolves to {address}, a private or link-local address (allowed only with EngagementGrains:Destinations:AllowPrivateNetworks=true)"
            : null;
    }

    /// <summary>Whether a URL names this machine: localhost or a loopback address.</summary>
    public static bool IsLoopbackHost(Uri uri) =>
        string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    /// <summary>10/8, 172.16/12, 192.168/16, 169.254/16 (IPv4); fc00::/7, fe80::/10 (IPv6).</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254);
        }

        var bytes = address.GetAddressBytes();
        return (bytes[0] & 0xFE) == 0xFC || (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80);
    }
}
