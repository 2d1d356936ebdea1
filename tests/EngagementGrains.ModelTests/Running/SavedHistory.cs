using EngagementGrains.ModelTests.Operations;

namespace EngagementGrains.ModelTests.Running;

/// <summary>A history as saved: the seed it came from, the engine it failed on, and its operations.</summary>
public sealed record SavedHistory(int Seed, string Engine, List<Operation> Operations);
