namespace EngagementGrains.Abstractions.Storage;

/// <summary>
/// The store (the event log, snapshots) could not be reached. It carries the driver's message, not the
/// driver's exception, which other processes of the cluster could not deserialize.
/// </summary>
[GenerateSerializer, Alias("eg.StorageUnavailableException")]
public sealed class StorageUnavailableException : OrleansException
{
    public StorageUnavailableException()
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
