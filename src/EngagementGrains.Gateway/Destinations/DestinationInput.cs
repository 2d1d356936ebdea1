using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EngagementGrains.Abstractions.Destinations;
using EngagementGrains.Core.Destinations;
using EngagementGrains.Core.Measures;
using EngagementGrains.Gateway.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EngagementGrains.Gateway.Destinations;

/// <summary>Reads a destination's settings from a request body; every mistake is a problem naming its field.</summary>
public static class DestinationInput
{
    /// <summary>The most segments one destination may name.</summary>
    public const int MaxSegments = 100;

    private static readonly TimeSpan s_resolveTimeout = TimeSpan.FromSeconds(5);

    public static async Task<(DestinationSettings? Settings, ProblemHttpResult? Problem)> ReadAsync(JsonElement root, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, ApiProblems.BadParameter("body", "must be an object such as {\"url\":\"https://hooks.example.com/eg\"}"));
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("url" or "segments" or "enabled"))
            {
                return (null, ApiProblems.BadParameter(property.Name, "is not a field of a destination (url, segments, enabled)"));
            }
        }

        if (!root.TryGetProperty("url", out var urlElement) || urlElement.ValueKind != JsonValueKind.String)
        {
            return (null, ApiProblems.BadParameter("url", "is required: the https URL to POST changes to"));
        }

        var url = urlElement.GetString()!;
        var refusal = DestinationAddress.Check(url, allowPrivateNetworks) ?? await CheckResolvedAsync(url, allowPrivateNetworks, cancellationToken);
        if (refusal is not null)
        {
            return (null, ApiProblems.BadParameter("url", refusal));
        }

        List<string>? segments = null;
        if (root.TryGetProperty("segments", out var segmentsElement) && segmentsElement.ValueKind != JsonValueKind.Null)
        {
            if (segmentsElement.ValueKind != JsonValueKind.Array || segmentsElement.GetArrayLength() is 0 or > MaxSegments)
            {
                return (null, ApiProblems.BadParameter("segments", $"must be a list of 1 to {MaxSegments} segment names, or omitted for every segment"));
            }

            segments = [];
            foreach (var (segment, index) in segmentsElement.EnumerateArray().Select((s, i) => (s, i)))
            {
                if (segment.ValueKind != JsonValueKind.String || !MeasureSpec.NamePattern().IsMatch(segment.GetString()!))
                {
                    return (null, ApiProblems.BadParameter($"segments[{index}]", "must be a segment name: a letter, then up to 63 letters, digits, '_', '.', '-'"));
                }

                if (!segments.Contains(segment.GetString()!))
                {
                    segments.Add(segment.GetString()!);
                }
            }
        }

        var enabled = true;
        if (root.TryGetProperty("enabled", out var enabledElement))
        {
            if (enabledElement.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return (null, ApiProblems.BadParameter("enabled", "must be true or false"));
            }

            enabled = enabledElement.GetBoolean();
        }

        return (new DestinationSettings(url, segments, enabled), null);
    }

    // A name is resolved now as well as at every delivery: a mistake is better refused here than found failing later.
    private static async Task<string?> CheckResolvedAsync(string url, bool allowPrivateNetworks, CancellationToken cancellationToken)
    {
        var uri = new Uri(url);
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out _) || DestinationAddress.IsLoopbackHost(uri))
        {
            return null;
        }

        IPAddress[] addresses;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(s_resolveTimeout);
            addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
        }
        catch (Exception error) when (error is SocketException or ArgumentException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"names the host '{uri.Host}', which does not resolve";
        }

        return addresses.Length == 0
            ? $"names the host '{uri.Host}', which does not resolve"
            : addresses.Select(a => DestinationAddress.CheckResolved(a, allowPrivateNetworks)).FirstOrDefault(why => why is not null);
    }
}
