namespace EngagementGrains.Gateway.Profiles;

/// <summary>The answer to lifting an individual's separations: how many it held; the individuals may merge again.</summary>
public sealed record class LiftedSeparations(int Lifted);
