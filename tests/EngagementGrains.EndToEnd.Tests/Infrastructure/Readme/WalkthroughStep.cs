namespace EngagementGrains.EndToEnd.Tests.Infrastructure.Readme;

/// <summary>One command of the README's walk-through and the answer the README shows for it, if any.</summary>
/// <param name="Command">The command as written (a line continued over several lines is one command).</param>
/// <param name="Expected">The answer shown under it (comment lines, or the JSON block after it); null when none is shown.</param>
internal sealed record class WalkthroughStep(string Command, string? Expected);
