using Guild.AbiGen;
using Guild.Testing;

namespace Guild.Chain.Tests;

/// <summary>The committed bindings are exactly what the generator makes from the exported ABI: a changed contract fails here until regenerated.</summary>
public class BindingsTests
{
    public static TheoryData<string> Contracts => new(BindingGenerator.Contracts);

    [Theory]
    [MemberData(nameof(Contracts))]
    public void CommittedBindings_MatchTheExportedAbi(string contract)
    {
        var artifact = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "solidity", "artifacts", contract + ".json"));
        var committed = File.ReadAllText(Path.Combine(TestEnvironment.RepositoryRoot, "src", "Guild.Chain", "Contracts", contract + ".gen.cs"));

        var expected = BindingGenerator.Generate(artifact);

        Assert.True(expected == committed,
            $"src/Guild.Chain/Contracts/{contract}.gen.cs is out of date with solidity/artifacts/{contract}.json: run `dotnet run --project tools/Guild.AbiGen`.");
    }

    [Fact]
    public void Generate_OverloadsAndConstants_GetDistinctNames()
    {
        var artifact = """
            {"contractName":"Sample","bytecode":"0x00","abi":[
              {"type":"function","name":"cap","inputs":[],"outputs":[{"name":"","type":"uint256"}],"stateMutability":"view"},
              {"type":"function","name":"CAP","inputs":[],"outputs":[{"name":"","type":"uint256"}],"stateMutability":"view"},
              {"type":"function","name":"release","inputs":[],"outputs":[],"stateMutability":"nonpayable"},
              {"type":"function","name":"release","inputs":[{"name":"token","type":"address"}],"outputs":[],"stateMutability":"nonpayable"},
              {"type":"function","name":"lockOf","inputs":[{"name":"nonce","type":"uint256"}],"outputs":[{"name":"amount","type":"uint256"},{"name":"end","type":"uint64"}],"stateMutability":"view"},
              {"type":"event","name":"Locked","inputs":[{"name":"account","type":"address","indexed":true},{"name":"amount","type":"uint256","indexed":false}]},
              {"type":"error","name":"TooLow","inputs":[{"name":"have","type":"uint256"},{"name":"want","type":"uint256"}]}
            ]}
            """;

        var code = BindingGenerator.Generate(artifact);

        Assert.Contains("public partial class CapFunction : FunctionMessage", code);
        Assert.Contains("public partial class CapConstantFunction : FunctionMessage", code);
        Assert.Contains("public partial class ReleaseFunction : FunctionMessage", code);
        Assert.Contains("public partial class ReleaseTokenFunction : FunctionMessage", code);
        Assert.Contains("[Function(\"lockOf\", typeof(LockOfOutputDTO))]", code);
        Assert.Contains("public ulong End { get; set; }", code);
        Assert.Contains("public BigInteger NonceArgument { get; set; }", code); // Nonce is FunctionMessage's own
        Assert.Contains("[Parameter(\"address\", \"account\", 1, true)]", code);
        Assert.Contains("[Error(\"TooLow\")]", code);
    }
}
