namespace EngagementGrains.Host.Hosting;

/// <summary>One documented setting: a command-line switch (or an environment variable), the configuration key it sets, its default and what it means.</summary>
/// <param name="Name">The switch as typed (<c>--data-dir</c>), or the environment variable.</param>
/// <param name="ConfigurationKey">The configuration key a switch's value goes to; null for a flag without a value or an environment variable.</param>
/// <param name="Default">The default as a person would write it.</param>
/// <param name="Meaning">One line for <c>--help</c>.</param>
public sealed record class CommandLineOption(string Name, string? ConfigurationKey, string Default, string Meaning)
{
    /// <summary>True for a switch that takes a value (<c>--role silo</c>), false for a flag (<c>--verbose</c>).</summary>
    public bool TakesValue => ConfigurationKey is not null;
}
