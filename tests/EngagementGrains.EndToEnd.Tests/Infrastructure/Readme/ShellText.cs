using System.Text;

namespace EngagementGrains.EndToEnd.Tests.Infrastructure.Readme;

/// <summary>
/// Just enough of a POSIX shell to read the README's examples: commands spanning lines (a trailing
/// backslash, or a quote left open), comment lines, single and double quotes, and <c>$NAME</c> expansion.
/// </summary>
internal static class ShellText
{
    /// <summary>The commands and the comment lines of a block, in order; a comment after a command on its own line is dropped.</summary>
    public static IEnumerable<(string Text, bool IsComment)> Split(string block)
    {
        var command = new StringBuilder();
        char? quote = null;
        var lineStart = true;
        for (var i = 0; i < block.Length; i++)
        {
            var c = block[i];
            if (quote is null && c == '#' && (lineStart || (i > 0 && char.IsWhiteSpace(block[i - 1]))))
            {
                var end = block.IndexOf('\n', i);
                end = end < 0 ? block.Length : end;
                if (lineStart && command.Length == 0)
                {
                    yield return (block[(i + 1)..end].TrimEnd(), true);
                }

                i = end - 1;
                continue;
            }

            if (quote is null && c == '\\' && i + 1 < block.Length && block[i + 1] == '\n')
            {
                i++;
                command.Append(' ');
                continue;
            }

            if (quote is null && c == '\n')
            {
                if (command.ToString().Trim() is { Length: > 0 } text)
                {
                    yield return (text, false);
                }

                command.Clear();
                lineStart = true;
                continue;
            }

            if (c is '\'' or '"' && (quote is null || quote == c))
            {
                quote = quote is null ? c : null;
            }

            if (!char.IsWhiteSpace(c))
            {
                lineStart = false;
            }

            command.Append(c);
        }

        if (command.ToString().Trim() is { Length: > 0 } last)
        {
            yield return (last, false);
        }
    }

    /// <summary>A command's words, quotes removed and <c>$NAME</c> expanded outside single quotes.</summary>
    public static IReadOnlyList<string> Words(string command, Func<string, string> variable)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote is null && char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c is '\'' or '"' && (quote is null || quote == c))
            {
                quote = quote is null ? c : null;
            }
            else if (c == '$' && quote != '\'' && i + 1 < command.Length && (char.IsLetter(command[i + 1]) || command[i + 1] == '_'))
            {
                var end = i + 1;
                while (end < command.Length && (char.IsLetterOrDigit(command[end]) || command[end] == '_'))
                {
                    end++;
                }

                word.Append(variable(command[(i + 1)..end]));
                i = end - 1;
            }
            else if (c == '\\' && quote is null && i + 1 < command.Length)
            {
                word.Append(command[++i]);
            }
            else
            {
                word.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words;
    }
}
