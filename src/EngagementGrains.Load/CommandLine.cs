using System.Globalization;

namespace EngagementGrains.Load;

/// <summary>A small parser for <c>--name value</c> options, with clear errors for unknown or malformed ones.</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public CommandLine(IEnumerable<string> args, IReadOnlySet<string> known, IReadOnlySet<string> flags)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var name = e.Current;
            if (!known.Contains(name) && !flags.Contains(name))
            {
                throw new ArgumentException($"unknown option '{name}'");
            }

            if (flags.Contains(name))
            {
                _values[name] = "true";
                continue;
            }

            if (!e.MoveNext())
            {
                throw new ArgumentException($"option '{name}' needs a value");
            }

            _values[name] = e.Current;
        }
    }

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public bool Flag(string name) => _values.ContainsKey(name);

    public T Number<T>(string name, T fallback)
        where T : IParsable<T> =>
        _values.TryGetValue(name, out var text)
            ? T.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : throw new ArgumentException($"option '{name}' must be a number, not '{text}'")
            : fallback;
}
