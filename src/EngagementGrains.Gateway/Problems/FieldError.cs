namespace EngagementGrains.Gateway.Problems;

/// <summary>One mistake in a definition.</summary>
/// <param name="Field">The JSON path at fault (<c>all[1].not.within</c>); empty for the whole definition.</param>
/// <param name="Message">What is wrong.</param>
public sealed record class FieldError(string Field, string Message);
