namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>Finds the built Host next to this test assembly's build, in the same configuration.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The Host's project folder, as <c>dotnet run --project</c> takes it.</summary>
    public static string HostProject { get; } = Path.Combine(Root, "src", "EngagementGrains.Host");

    /// <summary>The build configuration of this test assembly (and so of the Host the tests start).</summary>
    public static string Configuration => TestOutput.Parent!.Name;

    public static string HostAssembly
    {
        get
        {
            // bin/<Configuration>/<tfm>/ of this test project says which configuration the Host was built in.
            var path = Path.Combine(HostProject, "bin", Configuration, TestOutput.Name, "EngagementGrains.Host.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build the Host first; not found: {path}");
        }
    }

    /// <summary>The README at the repository's root.</summary>
    public static string Readme { get; } = Path.Combine(Root, "README.md");

    private static DirectoryInfo TestOutput => new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EngagementGrains.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (EngagementGrains.sln) was not found above the test output.");
    }
}
