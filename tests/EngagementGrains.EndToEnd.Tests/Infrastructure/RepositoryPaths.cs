namespace EngagementGrains.EndToEnd.Tests.Infrastructure;

/// <summary>Finds the built Host next to this test assembly's build, in the same configuration.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string HostAssembly
    {
        get
        {
            // bin/<Configuration>/<tfm>/ of this test project says which configuration the Host was built in.
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = testOutput.Parent!.Name;
            var framework = testOutput.Name;
            var path = Path.Combine(Root, "src", "EngagementGrains.Host", "bin", configuration, framework, "EngagementGrains.Host.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"Build the Host first; not found: {path}");
        }
    }

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
