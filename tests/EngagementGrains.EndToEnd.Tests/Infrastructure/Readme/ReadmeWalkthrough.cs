using System.Text.RegularExpressions;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure.Readme;

/// <summary>
/// The README's walk-through as steps: every command of its <c>sh</c> blocks with the answer shown under it
/// (its comment lines, or the <c>json</c> block that follows). A block of comments alone shows the answer of
/// running the previous command again.
/// </summary>
internal static partial class ReadmeWalkthrough
{
    public const string FirstHeading = "## A five-minute walk-through";

    public static IReadOnlyList<WalkthroughStep> Read(string readme)
    {
        var start = readme.IndexOf(FirstHeading, StringComparison.Ordinal);
        Assert.True(start >= 0, $"The README has no '{FirstHeading}' section.");
        var next = NextSection().Match(readme, start + FirstHeading.Length);
        var section = readme[start..(next.Success ? next.Index : readme.Length)];

        var steps = new List<WalkthroughStep>();
        foreach (Match block in FencedBlock().Matches(section))
        {
            var language = block.Groups[1].Value;
            var body = block.Groups[2].Value;
            if (language == "json")
            {
                Assert.True(steps.Count > 0 && steps[^1].Expected is null, "A json block of the walk-through follows no command.");
                steps[^1] = steps[^1] with { Expected = body.Trim() };
                continue;
            }

            if (language != "sh")
            {
                continue;
            }

            var commandsInBlock = 0;
            foreach (var (text, isComment) in ShellText.Split(body))
            {
                if (!isComment)
                {
                    steps.Add(new WalkthroughStep(text, null));
                    commandsInBlock++;
                }
                else if (commandsInBlock == 0)
                {
                    // An answer with no command above it in its block: the previous command, run again.
                    Assert.True(steps.Count > 0, "The walk-through starts with an answer.");
                    steps.Add(new WalkthroughStep(steps[^1].Command, text.Trim()));
                    commandsInBlock++;
                }
                else
                {
                    var last = steps[^1];
                    steps[^1] = last with { Expected = last.Expected is null ? text.Trim() : last.Expected + "\n" + text.Trim() };
                }
            }
        }

        return steps;
    }

    // The walk-through runs through its ### subsections and ends at the next ## section.
    [GeneratedRegex(@"^## ", RegexOptions.Multiline)]
    private static partial Regex NextSection();

    [GeneratedRegex(@"^```(\w*)\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedBlock();
}
