using System.Security.Cryptography;
using System.Text;
using Guild.Core.Allocation;
using Guild.Core.Allocation.WeightSets;
using Guild.Core.Claims;

namespace Guild.Core.Tests.Allocation;

/// <summary>The weight-set document: canonical, hashed like <c>sha256sum</c>, strict to read, and the same hash the contracts start with.</summary>
public class WeightSetJsonTests
{
    [Fact]
    public void Hash_BuiltInSets_Sha256OfTheCanonicalBytes()
    {
        foreach (var weights in WeightSetLibrary.BuiltIns)
        {
            Assert.Equal(Hash32.FromBytes(SHA256.HashData(WeightSetJson.Canonical(weights))), WeightSetJson.Hash(weights));
        }
        Assert.NotEqual(WeightSetJson.Hash(WeightSet.Default), WeightSetJson.Hash(WeightSet.Genesis));
    }

    [Fact]
    public void Parse_CanonicalText_SameSetAndHash()
    {
        var text = Encoding.UTF8.GetString(WeightSetJson.Canonical(WeightSet.Default));

        var read = WeightSetJson.Parse(text);

        Assert.Equal(WeightSetJson.Hash(WeightSet.Default), WeightSetJson.Hash(read));
        Assert.Equal(CapExcess.Withhold, read.CapExcess);
        Assert.Equal(10, read.CapFloorEqualShares);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"format\":\"guild-weights/1\"}")]
    [InlineData("[]")]
    public void Parse_NotAWeightSet_FormatExceptionNamingWhy(string text)
    {
        Assert.Throws<FormatException>(() => WeightSetJson.Parse(text));
    }

    [Fact]
    public void Library_Parse_InvalidValues_ListsFieldErrors()
    {
        var text = Encoding.UTF8.GetString(WeightSetJson.Canonical(WeightSet.Default with { Alpha = 1.5, ReciprocalReviewDiscount = 2 }));

        var parsed = WeightSetLibrary.Parse(text);

        var invalid = Assert.IsType<InvalidInputError>(parsed.Error);
        Assert.Contains(invalid.Errors["json"], e => e.Contains("alpha", StringComparison.Ordinal));
        Assert.Contains(invalid.Errors["json"], e => e.Contains("reciprocalReviewDiscount", StringComparison.Ordinal));
    }

    /// <summary>The forge deployment script starts the contracts with the same hashes the C# deployer does.</summary>
    [Fact]
    public void BuiltInHashes_AreTheForgeDeploymentDefaults()
    {
        var script = File.ReadAllText(Path.Combine(Guild.Testing.TestEnvironment.RepositoryRoot, "solidity", "script", "GuildDeployment.sol"));

        Assert.Contains($"DEFAULT_WEIGHTS_HASH = {GovernedWeights.BuiltIn.InForce};", script, StringComparison.Ordinal);
        Assert.Contains($"GENESIS_WEIGHTS_HASH = {GovernedWeights.BuiltIn.Genesis};", script, StringComparison.Ordinal);
    }
}
