using System.Numerics;
using Guild.Chain.Signing;
using Guild.Core.Chain;
using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Distributor = Guild.Chain.Contracts.RewardsDistributor;
using Escrow = Guild.Chain.Contracts.VoteEscrow;
using Governor = Guild.Chain.Contracts.GuildGovernor;
using Registry = Guild.Chain.Contracts.LicenseRegistry;
using Stablecoin = Guild.Chain.Contracts.TestStablecoin;
using Timelock = Guild.Chain.Contracts.TimelockController;
using Token = Guild.Chain.Contracts.GuildToken;
using Vesting = Guild.Chain.Contracts.VestingWallet;
using Weights = Guild.Chain.Contracts.RewardsWeights;

namespace Guild.Chain.Deployment;

/// <summary>
/// Deploys and wires the whole contract suite exactly as <c>solidity/script/GuildDeployment.sol</c> does, and records
/// every address in <see cref="GuildDbContext.ContractDeployments"/>. Running it again against the same chain reuses
/// the recorded deployment when its code is still there and was built from the same artifacts.
/// </summary>
/// <remarks>
/// A deployment that fails midway records nothing; the next run deploys a complete suite afresh (the partial contracts
/// stay orphaned on chain, owning nothing the new suite uses). Only gas is lost, never tokens.
/// </remarks>
public sealed partial class SuiteDeployer(
    ChainConnection chain,
    ChainSigner signer,
    ContractArtifacts artifacts,
    GuildDbContext db,
    IOptions<ChainOptions> options,
    TimeProvider time,
    ILogger<SuiteDeployer> logger)
{
    /// <summary>anvil's (and Hardhat's) chain id: local development chains, where a guardian is optional.</summary>
    public const long DevelopmentChainId = 31337;

    public const string DistributionVesting = "DistributionVesting";
    public const string TreasuryVesting = "TreasuryVesting";

    private const ulong DistributionVestingSeconds = 365 * 24 * 3600 / 2;
    private const ulong TreasuryVestingSeconds = 4 * 365 * 24 * 3600;

    /// <summary>Returns the suite's addresses by name, deploying it first if no matching deployment is recorded.</summary>
    public async Task<IReadOnlyDictionary<string, string>> EnsureDeployedAsync(CancellationToken cancellationToken = default)
    {
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        var recorded = await db.ContractDeployments.Where(d => d.ChainId == chainId).ToListAsync(cancellationToken);
        if (await MatchesAsync(recorded, cancellationToken))
        {
            LogReused(logger, chainId, recorded.Single(d => d.Name == "GuildToken").Address);
            return recorded.ToDictionary(d => d.Name, d => d.Address);
        }

        var deployed = await DeployAsync(chainId, cancellationToken);
        db.ContractDeployments.RemoveRange(recorded);
        db.ContractDeployments.AddRange(deployed);
        await db.SaveChangesAsync(cancellationToken);
        LogDeployed(logger, chainId, deployed.Count, deployed.Single(d => d.Name == "GuildToken").Address);
        return deployed.ToDictionary(d => d.Name, d => d.Address);
    }

    private async Task<bool> MatchesAsync(List<ContractDeployment> recorded, CancellationToken cancellationToken)
    {
        if (recorded.Count == 0 || recorded.Any(d => d.ArtifactHash != artifacts.Get(ArtifactOf(d.Name)).Hash))
        {
            return false;
        }
        var web3 = await chain.GetWeb3Async(cancellationToken);
        foreach (var deployment in recorded)
        {
            var code = await web3.Eth.GetCode.SendRequestAsync(deployment.Address);
            if (code is null or "0x" or "0x0")
            {
                return false; // e.g. a fresh anvil with the same chain id
            }
        }
        return true;
    }

    private static string ArtifactOf(string name) => name is DistributionVesting or TreasuryVesting ? "VestingWallet" : name;

    private async Task<List<ContractDeployment>> DeployAsync(long chainId, CancellationToken ct)
    {
        var settings = options.Value.Deployment;
        // Governance takes longer than a challenge window (voting delay, a week's vote, the Timelock's delay), so outside a
        // development chain someone quicker must be able to veto a bad root: without a guardian the publisher alone
        // could pay itself the pool once the window ends.
        if (string.IsNullOrEmpty(settings.Guardian) && chainId != DevelopmentChainId)
        {
            throw new Guild.Core.Configuration.GuildConfigurationException([
                $"Chain:Deployment:Guardian: is required on chain {chainId}: nobody else can veto a root within its challenge window " +
                "(a multisig of stewards, for example; governance can replace it later)."]);
        }
        // The test stablecoin mints to anyone: licences paid in it would be free. Only a local chain may have it.
        if (string.IsNullOrEmpty(settings.Stablecoin) && chainId != DevelopmentChainId)
        {
            throw new Guild.Core.Configuration.GuildConfigurationException([
                $"Chain:Deployment:Stablecoin: is required on chain {chainId}: the address of the USD stablecoin licences are paid in " +
                "(the test stablecoin is deployed on the local development chain only)."]);
        }
        var (web3, deployer) = await signer.GetAsync(ct);
        var records = new List<ContractDeployment>();
        var genesis = settings.GenesisTimestamp ?? await LatestTimestampAsync(web3) - (ulong)settings.GenesisDaysAgo * 86_400;

        async Task<string> Deploy<TDeployment>(string name, TDeployment message) where TDeployment : ContractDeploymentMessage, new()
        {
            message.FromAddress = deployer;
            var receipt = await web3.Eth.GetContractDeploymentHandler<TDeployment>().SendRequestAndWaitForReceiptAsync(message, ct);
            EnsureSucceeded(receipt, $"deploy {name}");
            records.Add(new ContractDeployment(chainId, name, receipt.ContractAddress, (long)receipt.BlockNumber.Value,
                receipt.TransactionHash, artifacts.Get(ArtifactOf(name)).Hash, time.GetUtcNow()));
            return receipt.ContractAddress;
        }

        async Task Send<TFunction>(string to, TFunction function, string what) where TFunction : FunctionMessage, new()
        {
            function.FromAddress = deployer;
            var receipt = await web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(to, function, ct);
            EnsureSucceeded(receipt, what);
        }

        string Bytecode(string artifact) => artifacts.Get(artifact).Bytecode;

        var timelock = await Deploy("TimelockController", new Timelock.TimelockControllerDeployment(Bytecode("TimelockController"))
        {
            MinDelay = settings.TimelockDelaySeconds,
            Proposers = [],
            Executors = [Nethereum.Util.AddressUtil.ZERO_ADDRESS],
            Admin = deployer,
        });
        var distribution = await Deploy(DistributionVesting, new Vesting.VestingWalletDeployment(Bytecode("VestingWallet"))
        {
            Beneficiary = deployer,
            StartTimestamp = genesis,
            DurationSeconds = DistributionVestingSeconds,
        });
        var treasury = await Deploy(TreasuryVesting, new Vesting.VestingWalletDeployment(Bytecode("VestingWallet"))
        {
            Beneficiary = timelock,
            StartTimestamp = genesis,
            DurationSeconds = TreasuryVestingSeconds,
        });
        var token = await Deploy("GuildToken", new Token.GuildTokenDeployment(Bytecode("GuildToken"))
        {
            DistributionPool = distribution,
            Treasury = treasury,
            InitialOwner = deployer,
        });
        var escrow = await Deploy("VoteEscrow", new Escrow.VoteEscrowDeployment(Bytecode("VoteEscrow"))
        {
            LockedToken = token,
            InitialOwner = deployer,
        });
        // The weight sets governance binds: the built-in default is in force until the Timelock puts another in force;
        // the genesis set is fixed for the genesis epoch.
        var builtIn = Guild.Core.Allocation.WeightSets.GovernedWeights.BuiltIn;
        var weights = await Deploy("RewardsWeights", new Weights.RewardsWeightsDeployment(Bytecode("RewardsWeights"))
        {
            InitialOwner = timelock,
            InitialWeightsHash = Convert.FromHexString(builtIn.InForce[2..]),
            GenesisWeightsHash = Convert.FromHexString(builtIn.Genesis[2..]),
        });
        var distributor = await Deploy("RewardsDistributor", new Distributor.RewardsDistributorDeployment(Bytecode("RewardsDistributor"))
        {
            WeightsRegistry = weights,
            RewardToken = token,
            InitialOwner = timelock,
            InitialPublisher = string.IsNullOrEmpty(settings.Publisher) ? deployer : settings.Publisher, // compose passes an unset variable as ""
            InitialChallengePeriod = (ulong)settings.ChallengePeriodSeconds,
            InitialGuardian = string.IsNullOrEmpty(settings.Guardian) ? Nethereum.Util.AddressUtil.ZERO_ADDRESS : settings.Guardian,
        });
        var stablecoin = settings.Stablecoin
            ?? await Deploy("TestStablecoin", new Stablecoin.TestStablecoinDeployment(Bytecode("TestStablecoin")));
        var registry = await Deploy("LicenseRegistry", new Registry.LicenseRegistryDeployment(Bytecode("LicenseRegistry"))
        {
            Agi = token,
            VoteEscrow = escrow,
            ProceedsTo = timelock,
            InitialOwner = timelock,
            Initial = new Registry.Parameters
            {
                RevenueThresholdUsd = settings.RevenueThresholdUsd,
                Rate = settings.ParsedRate,
                AgiPriceUsd = settings.ParsedAgiPriceUsd,
                EthPriceUsd = settings.ParsedEthPriceUsd,
                MinTerm = settings.MinTermSeconds,
                Stablecoin = stablecoin,
            },
        });
        var governor = await Deploy("GuildGovernor", new Governor.GuildGovernorDeployment(Bytecode("GuildGovernor"))
        {
            Escrow = escrow,
            Timelock = timelock,
            Rules = new Governor.Rules
            {
                VotingDelay = settings.VotingDelaySeconds,
                VotingPeriod = settings.VotingPeriodSeconds,
                ProposalThreshold = settings.ParsedProposalThreshold,
                QuorumPercent = settings.QuorumPercent,
                QuorumFloor = settings.ParsedQuorumFloor,
                RoadmapProposalThreshold = settings.ParsedRoadmapProposalThreshold,
                RoadmapQuorum = settings.ParsedRoadmapQuorum,
            },
        });

        // Wiring, in the script's order; afterwards the deployer holds no power.
        await Send(token, new Token.SetRewardsPayerFunction { Payer = distributor, Allowed = true }, "token.setRewardsPayer");
        await Send(token, new Token.TransferOwnershipFunction { NewOwner = timelock }, "token.transferOwnership");
        await Send(escrow, new Escrow.SetLockCreatorFunction { Creator = registry, Allowed = true }, "escrow.setLockCreator");
        await Send(escrow, new Escrow.TransferOwnershipFunction { NewOwner = timelock }, "escrow.transferOwnership");
        await Send(distribution, new Vesting.TransferOwnershipFunction { NewOwner = distributor }, "distributionVesting.transferOwnership");
        var roles = web3.Eth.GetContractQueryHandler<Timelock.ProposerRoleFunction>();
        var proposerRole = await roles.QueryAsync<byte[]>(timelock, new Timelock.ProposerRoleFunction());
        var cancellerRole = await web3.Eth.GetContractQueryHandler<Timelock.CancellerRoleFunction>().QueryAsync<byte[]>(timelock, new Timelock.CancellerRoleFunction());
        var adminRole = await web3.Eth.GetContractQueryHandler<Timelock.DefaultAdminRoleFunction>().QueryAsync<byte[]>(timelock, new Timelock.DefaultAdminRoleFunction());
        await Send(timelock, new Timelock.GrantRoleFunction { Role = proposerRole, Account = governor }, "timelock.grantRole(PROPOSER)");
        await Send(timelock, new Timelock.GrantRoleFunction { Role = cancellerRole, Account = governor }, "timelock.grantRole(CANCELLER)");
        await Send(timelock, new Timelock.RenounceRoleFunction { Role = adminRole, CallerConfirmation = deployer }, "timelock.renounceRole(ADMIN)");
        return records;
    }

    private static async Task<ulong> LatestTimestampAsync(IWeb3 web3)
    {
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        return (ulong)block.Timestamp.Value;
    }

    private static void EnsureSucceeded(TransactionReceipt receipt, string what)
    {
        if (receipt.Status?.Value != BigInteger.One)
        {
            throw new InvalidOperationException($"Deployment step '{what}' reverted in transaction {receipt.TransactionHash}.");
        }
    }

    [LoggerMessage(EventId = 2020, Level = LogLevel.Information, Message = "Contracts deployed on chain {ChainId}: {Count} contracts, $AGI at {Token}")]
    private static partial void LogDeployed(ILogger logger, long chainId, int count, string token);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Contracts already deployed on chain {ChainId}: $AGI at {Token}")]
    private static partial void LogReused(ILogger logger, long chainId, string token);
}
