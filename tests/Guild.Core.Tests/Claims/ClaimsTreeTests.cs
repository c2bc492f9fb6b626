using System.Numerics;
using System.Text.Json;
using Guild.Core.Claims;
using Guild.Core.Tests.Allocation;
using Guild.Testing;

namespace Guild.Core.Tests.Claims;

public class ClaimsTreeTests
{
    private static KeyValuePair<string, BigInteger>[] Leaves(int count, int seed = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => KeyValuePair.Create(TestCommunities.WalletOf($"account{i}"), new BigInteger(random.NextInt64(1, long.MaxValue)) * random.Next(1, 1000)))
            .ToArray();
    }

    [Fact]
    public void Build_OneLeaf_RootIsLeafAndProofEmpty()
    {
        var (account, amount) = Leaves(1)[0];

        var tree = ClaimsTree.Build([KeyValuePair.Create(account, amount)]);

        Assert.Equal(ClaimsTree.LeafHash(account, amount), tree.Root);
        Assert.Empty(tree.ProofOf(account));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(256)]
    public void ProofOf_EveryAccount_Verifies(int count)
    {
        var leaves = Leaves(count);
        var tree = ClaimsTree.Build(leaves);

        foreach (var (account, amount) in leaves)
        {
            Assert.True(ClaimsTree.Verify(tree.Root, account, amount, tree.ProofOf(account)));
        }
    }

    [Fact]
    public void Verify_WrongAmountOrFlippedProofBit_Fails()
    {
        var leaves = Leaves(20);
        var tree = ClaimsTree.Build(leaves);
        var (account, amount) = leaves[7];
        var proof = tree.ProofOf(account);

        Assert.False(ClaimsTree.Verify(tree.Root, account, amount + 1, proof));
        proof[0] = proof[0] with { W3 = proof[0].W3 ^ 1 };
        Assert.False(ClaimsTree.Verify(tree.Root, account, amount, proof));
    }

    [Fact]
    public void Build_InputOrderOrAddressCase_SameRoot()
    {
        var leaves = Leaves(50);
        var reordered = leaves.Reverse().Select(l => KeyValuePair.Create(EthereumAddress.ToChecksum(l.Key), l.Value));

        Assert.Equal(ClaimsTree.Build(leaves).Root, ClaimsTree.Build(reordered).Root);
    }

    [Fact]
    public void Build_ZeroAmountsOnly_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClaimsTree.Build([KeyValuePair.Create(TestCommunities.WalletOf("a"), BigInteger.Zero)]));
    }

    [Fact]
    public void Build_ZeroAddress_Throws()
    {
        Assert.Throws<ArgumentException>(() => ClaimsTree.Build([KeyValuePair.Create(EthereumAddress.Zero, BigInteger.One)]));
    }

    [Fact]
    public void Build_DuplicateAccount_Throws()
    {
        var account = TestCommunities.WalletOf("a");

        Assert.Throws<ArgumentException>(() => ClaimsTree.Build([KeyValuePair.Create(account, BigInteger.One), KeyValuePair.Create(EthereumAddress.ToChecksum(account), BigInteger.One)]));
    }
}

/// <summary>The tree against @openzeppelin/merkle-tree 1.0.8 itself, run with node from solidity/node_modules.</summary>
public class ClaimsTreeInteropTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Root_FixedInputs_EqualsOpenZeppelinMerkleTree(int count)
    {
        var random = new Random(count);
        var leaves = Enumerable.Range(0, count)
            .Select(i => KeyValuePair.Create(TestCommunities.WalletOf($"interop{i}"), BigInteger.Pow(10, random.Next(0, 60)) * random.Next(1, int.MaxValue)))
            .ToArray();
        // The uint256 maximum is a legal amount and exercises a full 32-byte word.
        leaves[0] = KeyValuePair.Create(leaves[0].Key, (BigInteger.One << 256) - 1);
        var tree = ClaimsTree.Build(leaves);
        var folder = TestEnvironment.NewTempDirectory("merkle-of");
        try
        {
            var input = Path.Combine(folder, "values.json");
            File.WriteAllText(input, JsonSerializer.Serialize(leaves.Select(l => new[] { l.Key, l.Value.ToString() })));

            var oz = NodeMerkleOracle.Run("of", input);

            Assert.Equal(oz.GetProperty("root").GetString(), tree.Root.ToString());
            var proofs = oz.GetProperty("proofs");
            foreach (var i in new[] { 0, count / 2, count - 1 })
            {
                var expected = proofs[i].EnumerateArray().Select(p => p.GetString()).ToArray();
                Assert.Equal(expected, tree.ProofOf(leaves[i].Key).Select(h => h.ToString()).ToArray());
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void WriteDump_LoadedByOpenZeppelin_EveryProofVerifies()
    {
        var allocation = Guild.Core.Allocation.AllocateEpoch.Run(TestCommunities.NanoGpt(1_000_000 * TestCommunities.Token));
        var tree = allocation.Tree!;
        var folder = TestEnvironment.NewTempDirectory("merkle-load");
        try
        {
            var dump = Path.Combine(folder, "tree.json");
            using (var stream = File.Create(dump))
            {
                tree.WriteDump(stream);
            }
            var proofs = Path.Combine(folder, "proofs.json");
            File.WriteAllText(proofs, JsonSerializer.Serialize(tree.Values.ToDictionary(v => v.Account, v => tree.ProofOf(v.Account).Select(h => h.ToString()))));

            var result = NodeMerkleOracle.Run("load", dump, proofs);

            Assert.Equal(tree.Root.ToString(), result.GetProperty("root").GetString());
            Assert.Equal(tree.Values.Count, result.GetProperty("count").GetInt32());
            Assert.Equal(tree.Values.Count, result.GetProperty("verified").GetInt32());
            Assert.Equal(tree.Values.Count, result.GetProperty("sameProofs").GetInt32());
            Assert.True(tree.Values.Count > 5, "the nanoGPT fixture should pay several accounts");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
