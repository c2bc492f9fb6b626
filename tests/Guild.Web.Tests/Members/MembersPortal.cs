using System.Numerics;
using Guild.Chain.Deployment;
using Guild.Chain.Embedded;
using Guild.Core.Accounts;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.People;
using Guild.Testing;
using Guild.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;
using Escrow = Guild.Chain.Contracts.VoteEscrow;
using Token = Guild.Chain.Contracts.GuildToken;
using Vesting = Guild.Chain.Contracts.VestingWallet;

namespace Guild.Web.Tests.Members;

/// <summary>A member for tests: the account's email, its wallet address and the wallet's key.</summary>
public sealed record TestMember(string Email, string UserId, string Address, string PrivateKey);

/// <summary>
/// The portal on its own anvil (members' tests move the chain's clock through governance delays, which no other test
/// should feel), deploying its suite with small thresholds: 1,000 AGI of power to propose on the Governor, a quorum
/// floor of 10,000, 100 to open a roadmap proposal and a roadmap quorum of 1,000. Vesting started 60 days ago, so the
/// treasury can hand out $AGI the way a passed proposal would.
/// </summary>
public sealed class MembersPortal : GuildWebFactory, IAsyncLifetime
{
    public static readonly BigInteger Agi = BigInteger.Pow(10, 18);
    private readonly string signerKey = Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());
    private AnvilNode? anvil;

    public string Rpc => anvil?.RpcUrl ?? throw new InvalidOperationException("anvil is not started");

    public Web3 Node => new(Rpc);

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        ("Chain:Rpc", Rpc),
        ("Chain:Signer:PrivateKey", signerKey),
        ("Chain:Deployment:AutoDeploy", "true"),
        ("Chain:Deployment:GenesisDaysAgo", "60"),
        ("Chain:Deployment:TimelockDelaySeconds", "60"),
        ("Chain:Deployment:VotingDelaySeconds", "1"),
        ("Chain:Deployment:VotingPeriodSeconds", "600"),
        ("Chain:Deployment:ProposalThreshold", (1_000 * Agi).ToString()),
        ("Chain:Deployment:QuorumFloor", (10_000 * Agi).ToString()),
        ("Chain:Deployment:RoadmapProposalThreshold", (100 * Agi).ToString()),
        ("Chain:Deployment:RoadmapQuorum", (1_000 * Agi).ToString()),
        ("RateLimits:VotesPerMinute", "1000000"),
    ];

    protected override async Task PrepareAsync()
    {
        anvil = await AnvilNode.StartAsync(new AnvilStartInfo(AnvilFixture.AnvilPath), NullLogger.Instance);
        await Node.Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", new EthECKey(signerKey).GetPublicAddress(), new HexBigInteger(BigInteger.Pow(10, 21)).HexValue));
    }

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();

    // Re-implemented so the private anvil stops after the portal and its database.
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        if (anvil is not null)
        {
            await anvil.DisposeAsync();
        }
    }

    public async Task<string> AddressAsync(string contract)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeployedContracts>().AddressAsync(contract);
    }

    /// <summary>
    /// An account with a linked wallet: anvil's development account <paramref name="devAccount"/> (1 to 9; anvil signs
    /// for it, as the injected browser wallet needs) or a fresh key. It gets <paramref name="agi"/> $AGI from the treasury.
    /// </summary>
    public async Task<TestMember> NewMemberAsync(int? devAccount = null, long agi = 0)
    {
        var key = devAccount is { } i ? TestKeys.Anvil[i - 1] : "0x" + Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());
        var address = new EthECKey(key).GetPublicAddress().ToLowerInvariant();
        var email = $"member+{Guid.NewGuid():N}@guild.test";
        var user = await CreateUserAsync(email, BrowserSession.Password);
        await using (var scope = Services.CreateAsyncScope())
        {
            var person = await scope.ServiceProvider.GetRequiredService<EnsureAccountPersonCommand>().ExecuteAsync(user.Id, default);
            var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
            db.ContributorWallets.Add(new ContributorWallet(person.Id, address, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        await Node.Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", address, new HexBigInteger(BigInteger.Pow(10, 20)).HexValue));
        if (agi > 0)
        {
            await GrantAgiAsync(address, agi * Agi);
        }
        return new TestMember(email, user.Id, address, key);
    }

    /// <summary>Moves $AGI from the vested treasury, as the Timelock would after a passed proposal.</summary>
    public async Task GrantAgiAsync(string to, BigInteger amount)
    {
        var timelock = await AddressAsync("TimelockController");
        var token = await AddressAsync("GuildToken");
        var node = Node;
        await node.Client.SendRequestAsync(new RpcRequest(1, "anvil_impersonateAccount", timelock));
        await node.Client.SendRequestAsync(new RpcRequest(2, "anvil_setBalance", timelock, new HexBigInteger(BigInteger.Pow(10, 20)).HexValue));
        await SendAsync(node, timelock, await AddressAsync(SuiteDeployer.TreasuryVesting), new Vesting.ReleaseTokenFunction { Token = token });
        await SendAsync(node, timelock, token, new Token.TransferFunction { To = to, Value = amount });
        await node.Client.SendRequestAsync(new RpcRequest(3, "anvil_stopImpersonatingAccount", timelock));
    }

    /// <summary>Locks <paramref name="agi"/> for <paramref name="weeks"/> from the member's wallet (an API-side lock, not the page's).</summary>
    public async Task LockAsync(TestMember member, long agi, int weeks)
    {
        var node = Node;
        await node.Client.SendRequestAsync(new RpcRequest(1, "anvil_impersonateAccount", member.Address));
        await SendAsync(node, member.Address, await AddressAsync("GuildToken"), new Token.ApproveFunction { Spender = await AddressAsync("VoteEscrow"), Value = agi * Agi });
        await SendAsync(node, member.Address, await AddressAsync("VoteEscrow"), new Escrow.CreateLockFunction { Amount = agi * Agi, Duration = weeks * 7L * 86_400 });
    }

    public async Task DelegateAsync(TestMember member, string to)
    {
        var node = Node;
        await node.Client.SendRequestAsync(new RpcRequest(1, "anvil_impersonateAccount", member.Address));
        await SendAsync(node, member.Address, await AddressAsync("VoteEscrow"), new Escrow.DelegateFunction { Delegatee = to });
    }

    /// <summary>Moves the chain's clock forward and mines a block.</summary>
    public async Task WarpAsync(TimeSpan by)
    {
        await Node.Client.SendRequestAsync(new RpcRequest(1, "evm_increaseTime", (long)by.TotalSeconds));
        await Node.Client.SendRequestAsync(new RpcRequest(2, "anvil_mine", 1));
    }

    public Task MineAsync() => Node.Client.SendRequestAsync(new RpcRequest(1, "anvil_mine", 1));

    /// <summary>Indexes the chain's events now (the recurring job does it every minute).</summary>
    public async Task IndexAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Guild.Jobs.Chain.IndexChainEventsJob>().RunAsync(default);
    }

    /// <summary>Brings the member's role in step with its lock (the stake page and a recurring job do it in the portal).</summary>
    public async Task<bool> SyncMemberRoleAsync(TestMember member)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Guild.Jobs.Members.MemberRoles>().SyncAsync(member.UserId, default);
    }

    /// <summary>A member with <paramref name="agi"/> locked for <paramref name="weeks"/>, holding the Member role.</summary>
    public async Task<TestMember> LockedMemberAsync(long agi, int weeks = 208, int? devAccount = null)
    {
        var member = await NewMemberAsync(devAccount, agi);
        await LockAsync(member, agi, weeks);
        Assert.True(await SyncMemberRoleAsync(member));
        return member;
    }

    public async Task<long> ChainIdAsync() => (long)(await Node.Eth.ChainId.SendRequestAsync()).Value;

    private static async Task SendAsync<TFunction>(IWeb3 web3, string from, string to, TFunction function) where TFunction : Nethereum.Contracts.FunctionMessage, new()
    {
        function.FromAddress = from;
        var handler = web3.Eth.GetContractTransactionHandler<TFunction>();
        // A margin over the estimate: a transaction that lands a second later than estimated writes a new checkpoint
        // (the token's and the escrow's histories are keyed by time), which costs more than updating the last one.
        var estimate = await handler.EstimateGasAsync(to, function);
        function.Gas = estimate.Value * 5 / 4 + 20_000;
        var receipt = await handler.SendRequestAndWaitForReceiptAsync(to, function);
        if (receipt.Status.Value != BigInteger.One)
        {
            // Replay it as a call in the block it failed in, for the contract's error.
            var why = "";
            try
            {
                await web3.Eth.GetContractQueryHandler<TFunction>().QueryRawAsync(to, function, new BlockParameter(receipt.BlockNumber));
            }
            catch (Exception e)
            {
                why = ": " + e.Message;
            }
            Assert.Fail($"{typeof(TFunction).Name} from {from} to {to} reverted in {receipt.TransactionHash} (block {receipt.BlockNumber.Value}, gas used {receipt.GasUsed.Value}){why}");
        }
    }
}
