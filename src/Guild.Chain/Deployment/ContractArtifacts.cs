using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Guild.Chain.Deployment;

/// <summary>One exported contract: its ABI, creation bytecode, and a hash of the bytecode that identifies the build.</summary>
public sealed record ContractArtifact(string Name, string Abi, string Bytecode)
{
    public string Hash { get; } = "0x" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(Bytecode)));
}

/// <summary>
/// The contracts exported by <c>npm run export</c> in solidity/ (<c>artifacts/&lt;Name&gt;.json</c>), found under
/// <c>Chain:Deployment:ArtifactsPath</c> or the nearest <c>solidity/artifacts</c> above the app.
/// </summary>
public sealed class ContractArtifacts(string directory)
{
    private readonly Dictionary<string, ContractArtifact> cache = [];

    public string Directory { get; } = directory;

    public static ContractArtifacts? Find(string? configured, params string[] startDirectories)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new ContractArtifacts(Path.GetFullPath(configured));
        }
        foreach (var start in startDirectories)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "solidity", "artifacts");
                if (File.Exists(Path.Combine(candidate, "GuildToken.json")))
                {
                    return new ContractArtifacts(candidate);
                }
            }
        }
        return null;
    }

    public ContractArtifact Get(string name)
    {
        lock (cache)
        {
            if (cache.TryGetValue(name, out var artifact))
            {
                return artifact;
            }
            var path = Path.Combine(Directory, name + ".json");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Contract artifact {path} is missing: run `npm run export` in solidity/.", path);
            }
            using var json = JsonDocument.Parse(File.ReadAllText(path));
            artifact = new ContractArtifact(name, json.RootElement.GetProperty("abi").GetRawText(), json.RootElement.GetProperty("bytecode").GetString()!);
            cache[name] = artifact;
            return artifact;
        }
    }
}
