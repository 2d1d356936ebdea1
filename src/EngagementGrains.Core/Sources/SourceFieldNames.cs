using System.Text;

namespace EngagementGrains.Core.Sources;

/// <summary>Matches and renames source field names, which arrive in PascalCase, camelCase or Data 360 API form.</summary>
internal static class SourceFieldNames
{
    private const string Data360Prefix = "ssot__";
    private const string CustomSuffix = "__c";

    /// <summary>
    /// The comparison key of a field name: letters and digits only, lower case, without the Data 360 API
    /// decorations, so <c>EventID</c>, <c>eventId</c>, <c>event_id</c> and <c>ssot__EventID__c</c> meet.
    /// </summary>
    public static string Key(string name)
    {
        var bare = StripDecorations(name);
        var key = new StringBuilder(bare.Length);
        foreach (var c in bare)
        {
            if (char.IsLetterOrDigit(c))
            {
                key.Append(char.ToLowerInvariant(c));
            }
        }

        return key.ToString();
    }

    /// <summary>
    /// The camelCase attribute name of a source field, with acronyms as words: <c>LinkURL</c> becomes
    /// <c>linkUrl</c> and <c>MOPhoneNumber</c> becomes <c>moPhoneNumber</c>, which are the catalog's spellings.
    /// </summary>
    public static string CamelCase(string name)
    {
        var result = new StringBuilder(name.Length);
        foreach (var word in Words(StripDecorations(name)))
        {
            if (result.Length == 0)
            {
                foreach (var c in word)
                {
                    result.Append(char.ToLowerInvariant(c));
                }
            }
            else
            {
                result.Append(char.ToUpperInvariant(word[0]));
                foreach (var c in word.AsSpan(1))
                {
                    result.Append(char.ToLowerInvariant(c));
                }
            }
        }

        return result.Length == 0 ? name : result.ToString();
    }

    private static string StripDecorations(string name)
    {
        var bare = name;
        if (bare.StartsWith(Data360Prefix, StringComparison.OrdinalIgnoreCase))
        {
            bare = bare[Data360Prefix.Length..];
        }

        if (bare.EndsWith(CustomSuffix, StringComparison.OrdinalIgnoreCase))
        {
            bare = bare[..^CustomSuffix.Length];
        }

        return bare;
    }

    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush(i);
                continue;
            }

            if (start >= 0 && char.IsUpper(c))
            {
                var previous = name[i - 1];
                var next = i + 1 < name.Length ? name[i + 1] : '\0';
                // A capital starts a word after a lower-case letter or digit, or ends an acronym before a lower-case run.
                if (!char.IsUpper(previous) || char.IsLower(next))
                {
                    Flush(i);
                }
            }

            if (start < 0)
            {
                start = i;
            }
        }

        Flush(name.Length);
        return words;

        void Flush(int end)
        {
            if (start >= 0)
            {
                words.Add(name[start..end]);
                start = -1;
            }
        }
    }
}
