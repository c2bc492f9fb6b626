using System.Numerics;
using Guild.Chain.Deployment;
using Guild.Chain.Indexing;
using Guild.Chain.Licensing;
using Guild.Chain.Rewards;
using Guild.Chain.Signing;
using Guild.Chain.Transactions;
using Guild.Chain.Voting;
using Guild.Core.Data;
using Guild.Core.Data.Providers;
using Guild.Core.Hosting;
using Guild.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Token = Guild.Chain.Contracts.GuildToken;
using Vesting = Guild.Chain.Contracts.VestingWallet;

namespace Guild.Chain.Tests.Services;

[CollectionDefinition(Name)]
public sealed class DeployedSuiteCollection : ICollectionFixture<DeployedSuiteFixture>
{
    public const string Name = "deployed suite";
}

/// <summary>
/// A private anvil with the whole suite deployed by the C# deployer (signing with a fresh local key), a SQLite
/// database, and the services wired as the app wires them. Helpers act as governance by impersonating the Timelock.
/// </summary>
public sealed class DeployedSuiteFixture : IAsyncLifetime
{
    public static readonly BigInteger Agi = BigInteger.Pow(10, 18);

    /// <summary>The hash of the weight set a fresh deployment has in force (the built-in default): roots are published with it.</summary>
    public static readonly byte[] WeightsInForce = Convert.FromHexString(Guild.Core.Allocation.WeightSets.GovernedWeights.BuiltIn.InForce[2..]);

    private readonly AnvilFixture anvil = new();
    private readonly string folder = TestEnvironment.NewTempDirectory("suite");

    public IWeb3 Node => anvil.Web3;
    public string RpcUrl => anvil.RpcUrl;
    public string Folder => folder;
    public IReadOnlyDictionary<string, string> Addresses { get; private set; } = null!;
    public string AppSignerKey { get; } = NewKey();

    public async Task InitializeAsync()
    {
        await anvil.InitializeAsync();
        await using var scope = await CreateScopeAsync();
        Addresses = await scope.Deployer.EnsureDeployedAsync();
    }

    public async Task DisposeAsync()
    {
        await anvil.DisposeAsync();
        Directory.Delete(folder, recursive: true);
    }

    public ChainOptions Options(string? rpcUrl = null, int confirmations = 1) => new()
    {
        Rpc = rpcUrl ?? anvil.RpcUrl,
        Confirmations = confirmations,
        Signer = new SignerOptions { PrivateKey = AppSignerKey },
        Deployment = new DeploymentOptions
        {
            TimelockDelaySeconds = 60,
            VotingDelaySeconds = 1,
            VotingPeriodSeconds = 600,
            ChallengePeriodSeconds = (long)ChallengePeriod.TotalSeconds,
        },
    };

    /// <summary>The distributor's challenge window in this suite: a published root is claimable this long after it is mined.</summary>
    public static readonly TimeSpan ChallengePeriod = TimeSpan.FromHours(1);

    /// <summary>Lets the challenge window of the latest published root pass, so claims verify against it.</summary>
    public Task PassChallengeWindowAsync() => WarpAsync(ChallengePeriod);

    /// <summary>The services as the app builds them per job, over this chain (or a proxy in front of it).</summary>
    public async Task<Scope> CreateScopeAsync(string? rpcUrl = null, int confirmations = 1)
    {
        var options = Microsoft.Extensions.Options.Options.Create(Options(rpcUrl, confirmations));
        var data = new DataDirectory(folder);
        var db = new SqliteGuildDbContext(new DbContextOptionsBuilder<SqliteGuildDbContext>()
            .UseSqlite($"Data Source={Path.Combine(folder, "guild.db")};Pooling=False").Options);
        await db.Database.MigrateAsync();
        var chain = new ChainConnection(options, new TestHostEnvironment(), data, NullLogger<ChainConnection>.Instance);
        await Fund(new EthECKey(AppSignerKey).GetPublicAddress(), 100);
        return new Scope(chain, db, options, new GuildDatabase(DatabaseProvider.Sqlite, db.Database.GetConnectionString()!, true));
    }

    public static string NewKey() => Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());

    /// <summary>A fresh account with ETH, signing locally like a company's wallet.</summary>
    public async Task<SigningAccount> NewAccountAsync(int eth = 10)
    {
        var account = new Account(NewKey(), 31337);
        await Fund(account.Address, eth);
        return new SigningAccount(new Web3(account, RpcUrl), account.Address);
    }

    /// <summary>A fresh company wallet with ETH: its account and its key (to sign revenue declarations).</summary>
    public async Task<(SigningAccount Account, EthECKey Key)> NewCompanyAsync(int eth = 10)
    {
        var key = NewKey();
        var account = new Account(key, 31337);
        await Fund(account.Address, eth);
        return (new SigningAccount(new Web3(account, RpcUrl), account.Address.ToLowerInvariant()), new EthECKey(key));
    }

    public Task Fund(string address, int eth) =>
        Node.Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", address, new HexBigInteger(eth * Agi).HexValue));

    /// <summary>Sends a call as the Timelock (what a passed proposal would execute).</summary>
    public async Task<TransactionReceipt> AsTimelock<TFunction>(string contract, TFunction function) where TFunction : FunctionMessage, new()
    {
        var timelock = Addresses["TimelockController"];
        await Node.Client.SendRequestAsync(new RpcRequest(1, "anvil_impersonateAccount", timelock));
        await Fund(timelock, 10);
        function.FromAddress = timelock;
        var receipt = await Node.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(contract, function);
        Assert.Equal(BigInteger.One, receipt.Status.Value);
        return receipt;
    }

    /// <summary>Moves the chain's clock forward and mines a block.</summary>
    public async Task WarpAsync(TimeSpan by)
    {
        await Node.Client.SendRequestAsync(new RpcRequest(1, "evm_increaseTime", (long)by.TotalSeconds));
        await AnvilFixture.MineAsync(Node, 1);
    }

    /// <summary>Gives <paramref name="to"/> $AGI out of the vested treasury, as a governance transfer would.</summary>
    public async Task GrantAgiAsync(string to, BigInteger amount)
    {
        var token = Addresses["GuildToken"];
        var balance = await Node.Eth.GetContractQueryHandler<Token.BalanceOfFunction>()
            .QueryAsync<BigInteger>(token, new Token.BalanceOfFunction { Account = Addresses["TimelockController"] });
        if (balance < amount)
        {
            await WarpAsync(TimeSpan.FromDays(30));
            // release() is permissionless; the vested part goes to the beneficiary, the Timelock.
            await AsTimelock(Addresses[SuiteDeployer.TreasuryVesting], new Vesting.ReleaseTokenFunction { Token = token });
        }
        await AsTimelock(token, new Token.TransferFunction { To = to, Value = amount });
    }

    public async Task<string> SnapshotAsync() => await Node.Client.SendRequestAsync<string>(new RpcRequest(1, "evm_snapshot"));

    public Task RevertAsync(string snapshot) => Node.Client.SendRequestAsync<bool>(new RpcRequest(1, "evm_revert", snapshot));

    public sealed class Scope(ChainConnection chain, GuildDbContext db, IOptions<ChainOptions> options, GuildDatabase database) : IAsyncDisposable
    {
        public GuildDbContext Db => db;
        public ChainConnection Chain => chain;
        public ChainSigner Signer { get; } = new(chain, options, new DataDirectory(Path.GetTempPath()));
        public DeployedContracts Contracts => new(chain, db);

        public SuiteDeployer Deployer => new(chain, Signer, ContractArtifacts.Find(null, TestEnvironment.RepositoryRoot)!, db, options, TimeProvider.System, NullLogger<SuiteDeployer>.Instance);
        public TransactionSender Sender => new(chain, Signer, new SignerLock(database), db, options, TimeProvider.System, NullLogger<TransactionSender>.Instance);
        public RewardsPublisher Rewards => new(chain, Sender, Contracts);
        public GovernedWeightsReader Weights => new(chain, Contracts);
        public Embedded.DevTreasury Treasury => new(chain, Contracts);
        public LicenseService Licenses => new(chain, Contracts);
        public VotingPowerReader Votes => new(chain, Contracts);
        public EventIndexer Indexer => new(chain, db, options, NullLogger<EventIndexer>.Instance);

        public async ValueTask DisposeAsync()
        {
            await chain.DisposeAsync();
            await db.DisposeAsync();
        }
    }
}
