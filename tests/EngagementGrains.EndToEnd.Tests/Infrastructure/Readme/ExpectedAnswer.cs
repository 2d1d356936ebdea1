using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure.Readme;

/// <summary>
/// An answer as the README shows it: JSON (or a fragment of it, or SSE lines) where <c>…</c> stands for
/// anything, possibly followed by a sentence such as <c>then GET /v1/measures/x says "ready"</c>.
/// </summary>
internal sealed partial record class ExpectedAnswer(string Pattern, string Prose)
{
    public static ExpectedAnswer Parse(string text)
    {
        text = text.Trim();
        if (text.Length == 0 || text[0] is not ('{' or '['))
        {
            return new ExpectedAnswer(text, "");
        }

        var end = BalancedEnd(text);
        return new ExpectedAnswer(text[..(end + 1)], text[(end + 1)..].Trim());
    }

    /// <summary>The path and the word of a "then GET path says "word"" sentence, if the prose has one.</summary>
    public (string Path, string Word)? FollowUp =>
        ThenGetSays().Match(Prose) is { Success: true } m ? (m.Groups[1].Value, m.Groups[2].Value) : null;

    /// <summary>Whether a JSON answer matches: whitespace between tokens and escaping do not matter, member order does.</summary>
    public bool MatchesJson(string actual)
    {
        string compact;
        try
        {
            compact = JsonNode.Parse(actual)?.ToJsonString(s_relaxed) ?? "null";
        }
        catch (JsonException)
        {
            return false;
        }

        return Wildcards(Compact(Pattern)).IsMatch(compact);
    }

    /// <summary>Whether text (SSE lines) matches line for line.</summary>
    public bool MatchesText(string actual) => Wildcards(Pattern.ReplaceLineEndings("\n")).IsMatch(actual.ReplaceLineEndings("\n"));

    public override string ToString() => Pattern;

    private static readonly JsonSerializerOptions s_relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Regex Wildcards(string pattern) =>
        new("^" + string.Join(".*?", pattern.Split('…').Select(Regex.Escape)) + "$", RegexOptions.Singleline | RegexOptions.CultureInvariant);

    // The README spreads JSON over lines and spaces it for people; the server writes it compact.
    private static string Compact(string pattern)
    {
        var compact = new StringBuilder(pattern.Length);
        var inString = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (inString && c == '\\' && i + 1 < pattern.Length)
            {
                compact.Append(c).Append(pattern[++i]);
                continue;
            }

            if (c == '"')
            {
                inString = !inString;
            }

            if (inString || !char.IsWhiteSpace(c))
            {
                compact.Append(c);
            }
        }

        return compact.ToString();
    }

    private static int BalancedEnd(string text)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[')
            {
                depth++;
            }
            else if (c is '}' or ']' && --depth == 0)
            {
                return i;
            }
        }

        throw new FormatException($"Unbalanced JSON in the README: {text}");
    }

    [GeneratedRegex("then GET (\\S+) says \"([^\"]+)\"")]
    private static partial Regex ThenGetSays();
}
