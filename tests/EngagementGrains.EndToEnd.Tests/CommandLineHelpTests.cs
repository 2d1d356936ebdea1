using System.Diagnostics;
using System.Text.RegularExpressions;
using EngagementGrains.EndToEnd.Tests.Infrastructure;

namespace EngagementGrains.EndToEnd.Tests;

/// <summary><c>--help</c> lists every option the README documents, with the README's default; a slip is named.</summary>
public sealed partial class CommandLineHelpTests
{
    [Fact]
    public async Task Help_lists_every_option_of_the_README_with_its_default_and_exits_0()
    {
        var (code, output, _) = await RunAsync("--help");
        Assert.Equal(0, code);
        var options = ReadmeOptions(await File.ReadAllTextAsync(RepositoryPaths.Readme));
        Assert.True(options.Count >= 8, $"Only {options.Count} options were read from the README's Options table.");
        foreach (var (name, defaultValue) in options)
        {
            var line = output.Split('\n').FirstOrDefault(l => Regex.IsMatch(l, $@"^\s+{Regex.Escape(name)}\b"));
            Assert.True(line is not null, $"--help does not list {name}:{Environment.NewLine}{output}");
            if (defaultValue is not null)
            {
                Assert.True(line.Contains(defaultValue, StringComparison.Ordinal), $"--help gives {name} another default than the README's {defaultValue}: {line}");
            }
        }

        Assert.Contains("--verbose", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--data-directory", "'--data-directory' is not an option.")]
    [InlineData("--silo-port", "--silo-port needs a value.")]
    public async Task A_mistaken_option_is_named_and_nothing_starts(string argument, string message)
    {
        var (code, _, error) = await RunAsync(argument);
        Assert.Equal(2, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    // Rows of the README's Options table: `--a`, `--b` | `x`, `y` | meaning.
    private static List<(string Name, string? Default)> ReadmeOptions(string readme)
    {
        var section = readme[readme.IndexOf("## Options", StringComparison.Ordinal)..];
        var options = new List<(string, string?)>();
        foreach (Match row in TableRow().Matches(section[..section.IndexOf("\n\n", section.IndexOf('|', StringComparison.Ordinal), StringComparison.Ordinal)]))
        {
            var names = Code().Matches(row.Groups[1].Value).Select(m => m.Groups[1].Value).ToArray();
            var defaults = Code().Matches(row.Groups[2].Value).Select(m => m.Groups[1].Value).ToArray();
            for (var i = 0; i < names.Length; i++)
            {
                options.Add((names[i], i < defaults.Length ? defaults[i] : null));
            }
        }

        return options;
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepositoryPaths.HostAssembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    [GeneratedRegex(@"^\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();
}
