using System.Numerics;
using Guild.Chain.Deployment;
using Guild.Chain.Signing;
using Guild.Core.Data.Providers;
using Guild.Core.Hosting;
using Guild.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Nethereum.Web3;
using Distributor = Guild.Chain.Contracts.RewardsDistributor;
using Escrow = Guild.Chain.Contracts.VoteEscrow;
using GovernedWeights = Guild.Core.Allocation.WeightSets.GovernedWeights;
using Governor = Guild.Chain.Contracts.GuildGovernor;
using Timelock = Guild.Chain.Contracts.TimelockController;
using Token = Guild.Chain.Contracts.GuildToken;
using Weights = Guild.Chain.Contracts.RewardsWeights;

namespace Guild.Chain.Tests;

/// <summary>The C# deployer against a real anvil, signing locally with a fresh key, recording into a real SQLite database.</summary>
public sealed class DeployerTests(AnvilFixture anvil) : IClassFixture<AnvilFixture>, IAsyncLifetime
{
    private static readonly BigInteger Whole = BigInteger.Pow(10, 18);
    private readonly string folder = TestEnvironment.NewTempDirectory("deployer");
    private readonly string deployerKey = Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());
    private readonly string guardian = EthECKey.GenerateKey().GetPublicAddress();
    private SqliteGuildDbContext db = null!;
    private ChainConnection chain = null!;

    public async Task InitializeAsync()
    {
        db = new SqliteGuildDbContext(new DbContextOptionsBuilder<SqliteGuildDbContext>()
            .UseSqlite($"Data Source={Path.Combine(folder, "guild.db")};Pooling=False").Options);
        await db.Database.MigrateAsync();
        var address = new EthECKey(deployerKey).GetPublicAddress();
        await anvil.Web3.Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", address, "0x56BC75E2D63100000")); // 100 ETH
        chain = new ChainConnection(Options.Create(ChainOptions()), new TestHostEnvironment(), new DataDirectory(folder), NullLogger<ChainConnection>.Instance);
    }

    public async Task DisposeAsync()
    {
        await chain.DisposeAsync();
        await db.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    private ChainOptions ChainOptions() => new()
    {
        Rpc = anvil.RpcUrl,
        Signer = new SignerOptions { PrivateKey = deployerKey },
        Deployment = new DeploymentOptions
        {
            TimelockDelaySeconds = 60,
            VotingDelaySeconds = 1,
            VotingPeriodSeconds = 600,
            ChallengePeriodSeconds = 7200,
            Guardian = guardian,
        },
    };

    private SuiteDeployer Deployer()
    {
        var options = Options.Create(ChainOptions());
        var artifacts = ContractArtifacts.Find(null, TestEnvironment.RepositoryRoot)!;
        return new SuiteDeployer(chain, new ChainSigner(chain, options, new DataDirectory(folder)), artifacts, db, options, TimeProvider.System, NullLogger<SuiteDeployer>.Instance);
    }

    [Fact]
    public async Task EnsureDeployed_FreshChain_DeploysWiresAndRecordsTheSuite()
    {
        var deployer = new EthECKey(deployerKey).GetPublicAddress();

        var addresses = await Deployer().EnsureDeployedAsync();

        var web3 = anvil.Web3;
        async Task<T> Query<TFunction, T>(string contract, TFunction function) where TFunction : Nethereum.Contracts.FunctionMessage, new() =>
            await web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<T>(addresses[contract], function);

        Assert.Equal(10, addresses.Count);
        Assert.Equal(10, await db.ContractDeployments.CountAsync(d => d.ChainId == 31337));
        var timelock = addresses["TimelockController"];
        // $AGI: the whole supply in the two vesting wallets, owned by the Timelock, the distributor may pay rewards.
        Assert.Equal(2_000_000_000 * Whole, await Query<Token.BalanceOfFunction, BigInteger>("GuildToken", new() { Account = addresses["DistributionVesting"] }));
        Assert.Equal(8_000_000_000 * Whole, await Query<Token.BalanceOfFunction, BigInteger>("GuildToken", new() { Account = addresses["TreasuryVesting"] }));
        Assert.Equal(timelock, await Query<Token.OwnerFunction, string>("GuildToken", new()), ignoreCase: true);
        Assert.True(await Query<Token.IsRewardsPayerFunction, bool>("GuildToken", new() { Account = addresses["RewardsDistributor"] }));
        // The escrow lets the registry lock for licensees; the Timelock owns it.
        Assert.True(await Query<Escrow.IsLockCreatorFunction, bool>("VoteEscrow", new() { Creator = addresses["LicenseRegistry"] }));
        Assert.Equal(timelock, await Query<Escrow.OwnerFunction, string>("VoteEscrow", new()), ignoreCase: true);
        // The deployer publishes roots but holds no admin power; the governor proposes through the Timelock.
        Assert.Equal(deployer, await Query<Distributor.PublisherFunction, string>("RewardsDistributor", new()), ignoreCase: true);
        // Roots wait out the configured challenge window, during which the guardian (or the Timelock) may veto them.
        Assert.Equal(7200, await Query<Distributor.ChallengePeriodFunction, BigInteger>("RewardsDistributor", new()));
        Assert.Equal(guardian, await Query<Distributor.GuardianFunction, string>("RewardsDistributor", new()), ignoreCase: true);
        Assert.Equal(timelock, await Query<Distributor.OwnerFunction, string>("RewardsDistributor", new()), ignoreCase: true);
        // The weight sets governance binds: the built-in default in force, the genesis set fixed; the Timelock changes them.
        Assert.Equal(addresses["RewardsWeights"], await Query<Distributor.WeightsFunction, string>("RewardsDistributor", new()), ignoreCase: true);
        Assert.Equal(GovernedWeights.BuiltIn.InForce, "0x" + Convert.ToHexStringLower(await Query<Weights.WeightsHashFunction, byte[]>("RewardsWeights", new())));
        Assert.Equal(GovernedWeights.BuiltIn.Genesis, "0x" + Convert.ToHexStringLower(await Query<Weights.GenesisWeightsHashFunction, byte[]>("RewardsWeights", new())));
        Assert.Equal(timelock, await Query<Weights.OwnerFunction, string>("RewardsWeights", new()), ignoreCase: true);
        Assert.Equal(timelock, await Query<Governor.TimelockFunction, string>("GuildGovernor", new()), ignoreCase: true);
        var roles = web3.Eth.GetContractQueryHandler<Timelock.HasRoleFunction>();
        var admin = await web3.Eth.GetContractQueryHandler<Timelock.DefaultAdminRoleFunction>().QueryAsync<byte[]>(timelock, new());
        var proposer = await web3.Eth.GetContractQueryHandler<Timelock.ProposerRoleFunction>().QueryAsync<byte[]>(timelock, new());
        Assert.False(await roles.QueryAsync<bool>(timelock, new Timelock.HasRoleFunction { Role = admin, Account = deployer }));
        Assert.True(await roles.QueryAsync<bool>(timelock, new Timelock.HasRoleFunction { Role = proposer, Account = addresses["GuildGovernor"] }));
    }

    [Fact]
    public async Task EnsureDeployed_Again_ReusesTheRecordedSuiteWithoutTransactions()
    {
        var first = await Deployer().EnsureDeployedAsync();
        var block = await AnvilFixture.BlockNumberAsync(anvil.Web3);

        var second = await Deployer().EnsureDeployedAsync();

        Assert.Equal(first, second);
        Assert.Equal(block, await AnvilFixture.BlockNumberAsync(anvil.Web3));
    }

    [Fact]
    public async Task EnsureDeployed_RecordedCodeGone_DeploysAgain()
    {
        var snapshot = await anvil.Web3.Client.SendRequestAsync<string>(new RpcRequest(1, "evm_snapshot"));
        await Deployer().EnsureDeployedAsync();
        await anvil.Web3.Client.SendRequestAsync<bool>(new RpcRequest(2, "evm_revert", snapshot)); // the chain forgets the suite

        var redeployed = await Deployer().EnsureDeployedAsync();

        var code = await anvil.Web3.Eth.GetCode.SendRequestAsync(redeployed["GuildToken"]);
        Assert.True(code.Length > 2, "the token has code again");
        Assert.Equal(10, await db.ContractDeployments.CountAsync());
    }
}
