using System.Text.Json;
using EngagementGrains.ModelTests.Operations;

namespace EngagementGrains.ModelTests.Running;

/// <summary>A failing history saved as JSON, replayed with <c>MODEL_REPLAY=&lt;file&gt;</c>.</summary>
public static class OperationFile
{
    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = true };

    public static string Save(int seed, string engine, IReadOnlyList<Operation> operations)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "model-failures");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{engine}-seed-{seed}.json");
        File.WriteAllText(path, JsonSerializer.Serialize(new SavedHistory(seed, engine, operations.ToList()), s_options));
        return path;
    }

    public static SavedHistory Load(string path) =>
        JsonSerializer.Deserialize<SavedHistory>(File.ReadAllText(path), s_options) ?? throw new InvalidDataException($"{path} holds no history.");
}
