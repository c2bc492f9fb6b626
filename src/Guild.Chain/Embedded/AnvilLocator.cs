using System.Runtime.InteropServices;

namespace Guild.Chain.Embedded;

/// <summary>Finds the anvil binary that <c>npm ci</c> in <c>solidity/</c> installed, from the working directory or the app's folder upwards.</summary>
public static class AnvilLocator
{
    public static string? Find(params string[] startDirectories)
    {
        var relative = Path.Combine("solidity", "node_modules", "@foundry-rs", $"anvil-{Platform()}", "bin",
            OperatingSystem.IsWindows() ? "anvil.exe" : "anvil");
        foreach (var start in startDirectories)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static string Platform()
    {
        var os = OperatingSystem.IsWindows() ? "win32" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
        var arch = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64";
        return $"{os}-{arch}";
    }
}
