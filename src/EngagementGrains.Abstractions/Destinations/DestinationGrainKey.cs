namespace EngagementGrains.Abstractions.Destinations;

/// <summary>
/// The grain key of a destination: its name behind a prefix. Orleans' ADO.NET storage reads a string key that
/// looks hexadecimal as a number, so "face" and "FACE" would share one row on PostgreSQL; the prefix makes
/// every key a plain string.
/// </summary>
public static class DestinationGrainKey
{
    private const string Prefix = "destination/";

    public static string Of(string name) => Prefix + name;

    public static string NameOf(string key) => key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : key;

    /// <summary>The grain of the destination called <paramref name="name"/>.</summary>
    public static IDestinationGrain GetDestination(this IGrainFactory grains, string name) => grains.GetGrain<IDestinationGrain>(Of(name));
}
