using Microsoft.AspNetCore.Http;

namespace EngagementGrains.Gateway.Profiles;

/// <summary>
/// Reads a query parameter with <c>+</c> kept as a plus: people type <c>?phone=+1555…</c> and
/// <c>?email=ada+news@…</c> unencoded, and form decoding would turn the plus into a space.
/// </summary>
public static class LiteralQuery
{
    /// <summary>The parameter's value with percent-escapes decoded and <c>+</c> left as it is; null when absent.</summary>
    public static string? Value(HttpRequest request, string name)
    {
        var query = request.QueryString.Value;
        if (string.IsNullOrEmpty(query))
        {
            return null;
        }

        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
        }

        return null;
    }
}
