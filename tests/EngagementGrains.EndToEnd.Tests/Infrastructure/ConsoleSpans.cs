namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>Reads the spans a Host printed with <c>OTEL_TRACES_EXPORTER=console</c>: a block of lines each, starting with its trace id.</summary>
internal static class ConsoleSpans
{
    private const string TraceIdLine = "Activity.TraceId:";

    public static List<string> Parse(IReadOnlyList<string> lines)
    {
        var spans = new List<string>();
        var current = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith(TraceIdLine, StringComparison.Ordinal))
            {
                Flush();
            }

            if (current.Count > 0 || line.StartsWith(TraceIdLine, StringComparison.Ordinal))
            {
                current.Add(line);
            }
        }

        Flush();
        return spans;

        void Flush()
        {
            if (current.Count > 0)
            {
                spans.Add(string.Join('\n', current));
                current.Clear();
            }
        }
    }

    /// <summary>A field of a span (<c>TraceId</c>, <c>DisplayName</c>, <c>Kind</c>), or null.</summary>
    public static string? Field(string span, string name) =>
        span.Split('\n').FirstOrDefault(l => l.StartsWith($"Activity.{name}:", StringComparison.Ordinal)) is { } line
            ? line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()
            : null;
}
