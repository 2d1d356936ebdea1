namespace EngagementGrains.HardeningTests.Fuzzing;

/// <summary>Which key a fuzzed request presents.</summary>
internal enum FuzzKey
{
    Admin,
    Ingest,
    Read,
    None,
    Unknown,
}

/// <summary>One generated or mutated request, with where it came from for the failure message.</summary>
internal sealed record FuzzRequest(HttpMethod Method, string Path, byte[]? Body, string? ContentType, FuzzKey Key, string Origin)
{
    public bool WritesEvents => Method == HttpMethod.Post && (Path.StartsWith("/v1/events", StringComparison.Ordinal)
        || Path.StartsWith("/v1/sources/", StringComparison.Ordinal)
        || Path.StartsWith("/v1/track", StringComparison.Ordinal) || Path.StartsWith("/v1/identify", StringComparison.Ordinal)
        || Path.StartsWith("/v1/page", StringComparison.Ordinal) || Path.StartsWith("/v1/screen", StringComparison.Ordinal)
        || Path.StartsWith("/v1/group", StringComparison.Ordinal) || Path.StartsWith("/v1/alias", StringComparison.Ordinal)
        || Path.StartsWith("/v1/batch", StringComparison.Ordinal));

    public override string ToString()
    {
        var body = Body is null ? "" : System.Text.Encoding.UTF8.GetString(Body);
        return $"{Method} {Path} [{Key}, {ContentType ?? "no content type"}, {Origin}] {(body.Length > 400 ? body[..400] + "…" : body)}";
    }
}
