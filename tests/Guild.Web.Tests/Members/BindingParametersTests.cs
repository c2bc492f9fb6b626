using Guild.Core;
using Guild.Core.Allocation;
using Guild.Core.Allocation.WeightSets;
using Guild.Web.Members;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexConvertors.Extensions;

namespace Guild.Web.Tests.Members;

/// <summary>The governance form's proposal for every binding parameter: valid values give calls to the right contracts, bad ones a reason.</summary>
public class BindingParametersTests(MembersPortal portal) : IClassFixture<MembersPortal>
{
    [Theory]
    [InlineData("rate", "0.002", "LicenseRegistry", "setRate(uint256)")]
    [InlineData("threshold", "2000000", "LicenseRegistry", "setRevenueThreshold(uint256)")]
    [InlineData("agi-price", "0.12", "LicenseRegistry", "setAgiPrice(uint256)")]
    [InlineData("eth-price", "3500", "LicenseRegistry", "setEthPrice(uint256)")]
    [InlineData("min-term", "180", "LicenseRegistry", "setMinTerm(uint256)")]
    [InlineData("publisher", "0x00000000000000000000000000000000000000aa", "RewardsDistributor", "setPublisher(address)")]
    [InlineData("guardian", "0x00000000000000000000000000000000000000bb", "RewardsDistributor", "setGuardian(address)")]
    [InlineData("epoch-budget", "1000000", "GuildToken", "transfer(address,uint256)")]
    [InlineData("sale-reserve", "500000", "GuildToken", "transfer(address,uint256)")]
    [InlineData("proposal-threshold", "5000", "GuildGovernor", "setProposalThreshold(uint256)")]
    [InlineData("quorum-floor", "50000", "GuildGovernor", "setQuorumFloor(uint256)")]
    [InlineData("roadmap-threshold", "200", "GuildGovernor", "setRoadmapSettings(uint256,uint256)")]
    [InlineData("roadmap-quorum", "2000", "GuildGovernor", "setRoadmapSettings(uint256,uint256)")]
    public async Task Build_EachParameter_CallsItsSetterThroughTheTimelock(string key, string value, string contract, string function)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var parameters = scope.ServiceProvider.GetRequiredService<BindingParameters>();

        var outcome = await parameters.BuildAsync(key, value, "because", () => Task.FromResult((100 * MembersPortal.Agi, 1_000 * MembersPortal.Agi)), default);

        Assert.Null(outcome.Error);
        var body = outcome.Value!;
        Assert.Equal((await portal.AddressAsync(contract)).ToLowerInvariant(), body.Targets[^1].ToLowerInvariant());
        Assert.Equal(Selectors.Of(function), body.Calldatas[^1].ToHex(true)[..10]);
        Assert.Contains(value, body.Description, StringComparison.Ordinal);
        Assert.StartsWith(Selectors.Of("propose(address[],uint256[],bytes[],string)"), body.ProposeCalldata(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rate", "1.5")]
    [InlineData("rate", "abc")]
    [InlineData("threshold", "-1")]
    [InlineData("min-term", "0")]
    [InlineData("publisher", "0x1234")]
    [InlineData("epoch-budget", "0")]
    [InlineData("nonsense", "1")]
    public async Task Build_BadValue_IsRefusedWithAReason(string key, string value)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var parameters = scope.ServiceProvider.GetRequiredService<BindingParameters>();

        var outcome = await parameters.BuildAsync(key, value, null, () => Task.FromResult((MembersPortal.Agi, MembersPortal.Agi)), default);

        Assert.IsType<InvalidInputError>(outcome.Error);
    }

    [Fact]
    public async Task Build_StoredWeightSet_PutsItsHashInForceOnRewardsWeights()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var parameters = scope.ServiceProvider.GetRequiredService<BindingParameters>();
        var genesis = GovernedWeights.BuiltIn.Genesis;

        var outcome = await parameters.BuildAsync("weights", genesis.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), null,
            () => Task.FromResult((MembersPortal.Agi, MembersPortal.Agi)), default);

        Assert.Null(outcome.Error);
        var body = outcome.Value!;
        Assert.Equal((await portal.AddressAsync("RewardsWeights")).ToLowerInvariant(), Assert.Single(body.Targets).ToLowerInvariant());
        // setWeightsHash(bytes32) with the set's hash as its one argument, whatever case the member typed.
        Assert.Equal(Selectors.Of("setWeightsHash(bytes32)") + genesis[2..], body.Calldatas[0].ToHex(true));
        Assert.Contains(genesis, body.Description, StringComparison.Ordinal);
        Assert.Contains(WeightSet.Genesis.Version, body.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0x1234", "64 hex")]
    [InlineData("not a hash", "64 hex")]
    [InlineData("0x00000000000000000000000000000000000000000000000000000000000000ff", "no weight set with hash")]
    public async Task Build_WeightSetNotStoredHere_IsRefusedWithAReason(string value, string reason)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var parameters = scope.ServiceProvider.GetRequiredService<BindingParameters>();

        var outcome = await parameters.BuildAsync("weights", value, null, () => Task.FromResult((MembersPortal.Agi, MembersPortal.Agi)), default);

        var error = Assert.IsType<InvalidInputError>(outcome.Error);
        Assert.Contains(reason, Assert.Single(error.Errors["value"]), StringComparison.Ordinal);
    }
}
