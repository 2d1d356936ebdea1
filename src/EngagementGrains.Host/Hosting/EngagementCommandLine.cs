namespace EngagementGrains.Host.Hosting;

/// <summary>
/// The command line as the process understood it: flags taken out (so a flag never swallows the next
/// switch as its value), the rest handed to configuration, and every switch it does not know listed as a
/// mistake rather than silently ignored.
/// </summary>
public sealed record class EngagementCommandLine(IReadOnlyList<string> Arguments, bool ShowHelp, bool Verbose, IReadOnlyList<string> Mistakes)
{
    // Switches ASP.NET Core's own host reads; passed through untouched.
    private static readonly HashSet<string> s_hostSwitches = new(StringComparer.OrdinalIgnoreCase)
    {
        "--environment", "--contentRoot", "--applicationName", "--http_ports", "--https_ports",
    };

    /// <summary>True when the process answers (help, or what was wrong) instead of starting.</summary>
    public bool AnswersInstead => ShowHelp || Mistakes.Count > 0;

    public static EngagementCommandLine Parse(IReadOnlyList<string> args)
    {
        var kept = new List<string>();
        var mistakes = new List<string>();
        bool help = false, verbose = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "-h" or "-?" || string.Equals(arg, CommandLineOptions.Help, StringComparison.OrdinalIgnoreCase))
            {
                help = true;
                continue;
            }

            if (arg is "-v" || string.Equals(arg, CommandLineOptions.Verbose, StringComparison.OrdinalIgnoreCase))
            {
                verbose = true;
                continue;
            }

            if (!arg.StartsWith('-'))
            {
                // key=value is configuration, as .NET's command-line provider reads it; a bare word is a slip.
                if (arg.Contains('=', StringComparison.Ordinal))
                {
                    kept.Add(arg);
                }
                else
                {
                    mistakes.Add($"'{arg}' is not an option.");
                }

                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg : arg[..equals];
            var known = CommandLineOptions.Find(name) is { TakesValue: true }
                || s_hostSwitches.Contains(name)
                || (name.StartsWith("--", StringComparison.Ordinal) && name.Contains(':', StringComparison.Ordinal));
            if (!known)
            {
                mistakes.Add(CommandLineOptions.Find(name) is { } flag
                    ? $"{flag.Name} takes no value."
                    : $"'{name}' is not an option.");
                if (equals < 0 && i + 1 < args.Count && !args[i + 1].StartsWith('-'))
                {
                    i++; // its value: one mistake is enough
                }

                continue;
            }

            kept.Add(arg);
            if (equals >= 0)
            {
                continue;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                mistakes.Add($"{name} needs a value.");
                continue;
            }

            kept.Add(args[++i]);
        }

        return new EngagementCommandLine(kept, help, verbose, mistakes);
    }
}
