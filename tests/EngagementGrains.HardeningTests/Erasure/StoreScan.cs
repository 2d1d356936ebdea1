using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EngagementGrains.HardeningTests.Erasure;

/// <summary>Looks for a person's values in a store: the embedded one byte by byte and table by table, PostgreSQL row version by row version.</summary>
public static class StoreScan
{
    /// <summary>Where each value occurs in any file under <paramref name="directory"/> (the database, its write-ahead log, its shared memory, anything else).</summary>
    public static List<string> InFiles(string directory, IEnumerable<(string Value, byte[] Bytes)> needles)
    {
        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(path => (path, bytes: ReadShared(path)))
            .ToArray();
        var found = new List<string>();
        foreach (var (value, bytes) in needles)
        {
            foreach (var (path, content) in files)
            {
                var count = Occurrences(content, bytes);
                if (count > 0)
                {
                    found.Add($"{value}: {count} in {Path.GetFileName(path)}");
                }
            }
        }

        return found;
    }

    /// <summary>Where each value occurs in any column of any row of any table of the embedded database.</summary>
    public static async Task<List<string>> InSqliteTablesAsync(string databasePath, IEnumerable<string> values)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table'", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var rows = new List<(string Table, string Text)>();
        foreach (var table in tables)
        {
            await using var select = new SqliteCommand($"SELECT * FROM \"{table}\"", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var text = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.GetValue(i) switch
                    {
                        byte[] blob => Encoding.UTF8.GetString(blob),
                        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture),
                    }).Append('|');
                }

                rows.Add((table, text.ToString()));
            }
        }

        return values
            .SelectMany(v => rows.Where(r => r.Text.Contains(v, StringComparison.Ordinal)).GroupBy(r => r.Table).Select(g => $"{v}: {g.Count()} rows of {g.Key}"))
            .ToList();
    }

    /// <summary>
    /// Where each value occurs in any row version of any table of the database, live or dead (read from the
    /// heap pages with pageinspect, so a deleted row not yet vacuumed counts), and in any B-tree index entry.
    /// </summary>
    public static async Task<List<string>> InPostgresAsync(string connectionString, IEnumerable<string> values)
    {
        await using var connection = new NpgsqlConnection(connectionString + ";Pooling=false");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "CREATE EXTENSION IF NOT EXISTS pageinspect");
        await ExecuteAsync(connection, "CHECKPOINT");
        var heaps = await NamesAsync(connection, """
            SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 't') AND n.nspname IN ('public', 'pg_toast')
              AND (n.nspname = 'public' OR c.oid IN (SELECT reltoastrelid FROM pg_class r JOIN pg_namespace rn ON rn.oid = r.relnamespace WHERE rn.nspname = 'public'))
            """);
        var indexes = await NamesAsync(connection, """
            SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam
            WHERE c.relkind = 'i' AND a.amname = 'btree' AND n.nspname = 'public'
            """);
        var found = new List<string>();
        foreach (var value in values)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            foreach (var heap in heaps)
            {
                var count = await CountAsync(connection, """
                    SELECT count(*) FROM generate_series(0, (pg_relation_size($1::regclass) / current_setting('block_size')::int)::int - 1) AS b,
                        heap_page_items(get_raw_page($1, b)) AS t
                    WHERE t.t_data IS NOT NULL AND position($2::bytea IN t.t_data) > 0
                    """, heap, bytes);
                if (count > 0)
                {
                    found.Add($"{value}: {count} row versions of {heap}");
                }
            }

            // bt_page_items shows an entry's key as hex bytes separated by spaces; block 0 is the metapage.
            var hex = string.Join(' ', bytes.Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
            foreach (var index in indexes)
            {
                var count = await CountAsync(connection, """
                    SELECT count(*) FROM generate_series(1, (pg_relation_size($1::regclass) / current_setting('block_size')::int)::int - 1) AS b,
                        bt_page_items(get_raw_page($1, b)) AS e
                    WHERE e.data LIKE '%' || $2 || '%'
                    """, index, hex);
                if (count > 0)
                {
                    found.Add($"{value}: {count} entries of index {index}");
                }
            }
        }

        return found;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<List<string>> NamesAsync(NpgsqlConnection connection, string sql)
    {
        var names = new List<string>();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql, string relation, object value)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = relation });
        command.Parameters.Add(new NpgsqlParameter { Value = value });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static byte[] ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static int Occurrences(ReadOnlySpan<byte> content, ReadOnlySpan<byte> needle)
    {
        var count = 0;
        for (var at = content.IndexOf(needle); at >= 0; at = content[(at + 1)..].IndexOf(needle) is var next && next >= 0 ? at + 1 + next : -1)
        {
            count++;
        }

        return count;
    }
}
