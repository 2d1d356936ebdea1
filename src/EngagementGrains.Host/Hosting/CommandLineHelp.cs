using System.Reflection;

namespace EngagementGrains.Host.Hosting;

/// <summary>What <c>--help</c> prints, and how a mistaken command line is answered.</summary>
public static class CommandLineHelp
{
    /// <summary>Exit code of a command line the process could not use (as a shell's usage error).</summary>
    public const int UsageExitCode = 2;

    /// <summary>Prints the help (exit 0) or the mistakes (exit 2) and returns the exit code.</summary>
    public static int Answer(EngagementCommandLine commandLine, TextWriter output, TextWriter error)
    {
        if (commandLine.Mistakes.Count > 0)
        {
            return Refuse(commandLine.Mistakes, error);
        }

        Print(output);
        return 0;
    }

    public static int Refuse(IEnumerable<string> mistakes, TextWriter error)
    {
        foreach (var mistake in mistakes)
        {
            error.WriteLine(mistake);
        }

        error.WriteLine($"Run with {CommandLineOptions.Help} to see every option and its default.");
        return UsageExitCode;
    }

    public static void Print(TextWriter output)
    {
        var version = typeof(CommandLineHelp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0];
        output.WriteLine($"EngagementGrains {version}: a real-time customer engagement profile engine on Orleans.");
        output.WriteLine();
        output.WriteLine("Usage: dotnet run --project src/EngagementGrains.Host [-- options]   or   EngagementGrains.Host [options]");
        output.WriteLine();
        output.WriteLine("Options:");
        Table(output, CommandLineOptions.Switches.Select(o => (o.TakesValue ? $"{o.Name} <value>" : o.Name, o.Default, o.Meaning)));
        output.WriteLine();
        output.WriteLine("Environment:");
        Table(output, CommandLineOptions.EnvironmentSettings.Select(o => (o.Name, o.Default, o.Meaning)));
        output.WriteLine();
        output.WriteLine("Any configuration key can also be given as --Section:Key=value or Section__Key in the environment.");
        output.WriteLine("Once started, the API reference is at <url>/docs and the OpenAPI document at <url>/openapi/v1.json.");
    }

    private static void Table(TextWriter output, IEnumerable<(string Name, string Default, string Meaning)> rows)
    {
        var all = rows.ToArray();
        var nameWidth = all.Max(r => r.Name.Length);
        var defaultWidth = all.Max(r => r.Default.Length);
        output.WriteLine($"  {"".PadRight(nameWidth)}  {"default".PadRight(defaultWidth)}");
        foreach (var (name, value, meaning) in all)
        {
            output.WriteLine($"  {name.PadRight(nameWidth)}  {value.PadRight(defaultWidth)}  {meaning}");
        }
    }
}
