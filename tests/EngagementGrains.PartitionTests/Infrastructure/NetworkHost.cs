namespace EngagementGrains.PartitionTests.Infrastructure;

/// <summary>One machine of the test network: a network namespace with one interface and address on the shared subnet.</summary>
internal sealed record NetworkHost(string Name, string Namespace, string Interface, string Address);
