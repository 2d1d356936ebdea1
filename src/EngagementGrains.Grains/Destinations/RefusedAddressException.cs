namespace EngagementGrains.Grains.Destinations;

/// <summary>A destination's host resolved only to addresses it may not be sent to.</summary>
public sealed class RefusedAddressException : Exception
{
    public RefusedAddressException()
    {
    }

    public RefusedAddressException(string message)
        : base(message)
    {
    }

    public RefusedAddressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
