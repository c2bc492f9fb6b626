using System.Numerics;
using System.Security.Cryptography;
using Guild.Chain;
using Guild.Chain.Deployment;
using Guild.Chain.Embedded;
using Guild.Core;
using Guild.Core.Accounts;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.Governance;
using Guild.Core.Hosting;
using Guild.Core.People;
using Guild.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Escrow = Guild.Chain.Contracts.VoteEscrow;
using Governor = Guild.Chain.Contracts.GuildGovernor;
using Registry = Guild.Chain.Contracts.LicenseRegistry;
using Timelock = Guild.Chain.Contracts.TimelockController;
using Token = Guild.Chain.Contracts.GuildToken;

namespace Guild.Web.Members;

/// <summary>
/// With <c>Demo:Enabled</c> on the embedded chain: three demo members whose wallets (anvil's well-known development
/// accounts 6 to 8, which a browser wallet can import) hold $AGI from the treasury locked in the vote escrow; an open
/// ranked-choice roadmap proposal with their three signed votes; and a Governor proposal that has already changed a
/// parameter (the ETH price), taken through propose, vote, queue and execute with anvil moving the clock past each delay.
/// Their logins go into the demo logins file (without the chain's address, which changes with each start: the
/// company's line has it). Every step checks first, so a second start changes nothing.
/// </summary>
internal sealed partial class DemoMembersSeeder(
    IServiceScopeFactory scopes, IOptions<DemoOptions> options, ChainConnection chain, DataDirectory data, TimeProvider time,
    ILogger<DemoMembersSeeder> logger) : IHostedService
{
    public const string RoadmapTitle = "Demo: which model should the guild train next?";
    public const string GovernorDescription = "Demo: set the ETH price to 3500 USD\n\nThe licence sale quotes ETH at the market price.";
    public static readonly BigInteger EthPriceUsd = 3_500 * AgiAmount.WeiPerAgi;

    /// <summary>
    /// The members: the first alone passes the Governor's quorum floor (100 million $AGI of power by default), the
    /// others give the roadmap vote a run-off. Anvil's development keys (mnemonic "test test … junk"): public knowledge,
    /// which is why they are used only on the embedded chain.
    /// </summary>
    public static readonly IReadOnlyList<DemoMember> Members =
    [
        new("member1@guild.local", "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356", 110_000_000, 208, [1, 3, 2]),
        new("member2@guild.local", "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97", 20_000_000, 104, [2, 3, 1]),
        new("member3@guild.local", "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6", 2_000_000, 52, [3, 2]),
    ];

    private static readonly string[] RoadmapChoices = ["A 124M-parameter GPT on the guild's own papers", "A code model on the tracked repositories", "A small vision-language model"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || !chain.IsEmbedded)
        {
            return;
        }
        try
        {
            await SeedAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Demo data is no reason to refuse to start: the portal runs, and the log says what is missing and why.
            LogFailed(logger, ex);
        }
    }

    private async Task SeedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var file = data.File(options.Value.LoginsFile);
        var lines = File.Exists(file) ? (await File.ReadAllLinesAsync(file, cancellationToken)).ToList() : ["# Guild demo logins: email, password, role, authenticator app (stewards), browser wallet (companies, members)"];
        var accounts = new List<(DemoMember Member, string UserId, string Wallet)>();
        foreach (var member in Members)
        {
            var (userId, password) = await AccountAsync(services, member, lines, cancellationToken);
            var wallet = new EthECKey(member.PrivateKey).GetPublicAddress().ToLowerInvariant();
            await LinkWalletAsync(services, userId, wallet, cancellationToken);
            await LockAsync(services, member, wallet, cancellationToken);
            await services.GetRequiredService<Guild.Jobs.Members.MemberRoles>().SyncAsync(userId, cancellationToken);
            accounts.Add((member, userId, wallet));
            lines.RemoveAll(l => l.StartsWith(member.Email + "\t", StringComparison.Ordinal));
            lines.Add($"{member.Email}\t{password}\tMember\t\twallet {wallet}, private key {member.PrivateKey} (anvil development account), " +
                $"{member.Agi:N0} AGI locked for {member.Weeks} weeks; import the key into a browser wallet on the local chain to vote");
        }
        await File.WriteAllLinesAsync(file, lines, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var proposal = await RoadmapAsync(services, accounts, cancellationToken);
        var state = await GovernorAsync(services, accounts[0].Member, cancellationToken);
        LogReady(logger, Members.Count, proposal, state);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The member's account and password: the one in the logins file when both still exist, else a new one.</summary>
    private static async Task<(string UserId, string Password)> AccountAsync(IServiceProvider services, DemoMember member, List<string> lines, CancellationToken cancellationToken)
    {
        var users = services.GetRequiredService<UserManager<GuildUser>>();
        var user = await users.FindByEmailAsync(member.Email);
        var password = lines.FirstOrDefault(l => l.StartsWith(member.Email + "\t", StringComparison.Ordinal))?.Split('\t')[1];
        if (user is null || password is null)
        {
            password = "Gd-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y') + "7a";
            if (user is null)
            {
                user = new GuildUser { UserName = member.Email, Email = member.Email, EmailConfirmed = true };
                Check(await users.CreateAsync(user, password), member.Email);
            }
            else
            {
                Check(await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password), member.Email);
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return (user.Id, password);
    }

    /// <summary>Links the wallet as if the member had signed the Sign-In with Ethereum message on /me (the key is theirs).</summary>
    private async Task LinkWalletAsync(IServiceProvider services, string userId, string wallet, CancellationToken cancellationToken)
    {
        var person = await services.GetRequiredService<EnsureAccountPersonCommand>().ExecuteAsync(userId, cancellationToken);
        var db = services.GetRequiredService<GuildDbContext>();
        if (!await db.ContributorWallets.AnyAsync(w => w.PersonId == person.Id, cancellationToken))
        {
            db.ContributorWallets.Add(new ContributorWallet(person.Id, wallet, time.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>The treasury gives the member their $AGI and the member locks it, once: a wallet with a lock is left alone.</summary>
    private async Task LockAsync(IServiceProvider services, DemoMember member, string wallet, CancellationToken cancellationToken)
    {
        var contracts = services.GetRequiredService<DeployedContracts>();
        var escrow = await contracts.AddressAsync("VoteEscrow", cancellationToken);
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var standing = await services.GetRequiredService<Guild.Chain.Voting.EscrowReader>().StandingAsync(wallet, cancellationToken);
        if (standing.Locked > 0)
        {
            return;
        }
        var amount = member.Agi * AgiAmount.WeiPerAgi;
        await web3.Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", wallet, new HexBigInteger(BigInteger.Pow(10, 19)).HexValue));
        if (standing.Balance < amount)
        {
            await services.GetRequiredService<DevTreasury>().GiveAgiAsync(wallet, amount - standing.Balance, cancellationToken);
        }
        var signer = await MemberWeb3Async(member, cancellationToken);
        await SendAsync(signer, await contracts.AddressAsync("GuildToken", cancellationToken), new Token.ApproveFunction { Spender = escrow, Value = amount }, cancellationToken);
        await SendAsync(signer, escrow, new Escrow.CreateLockFunction { Amount = amount, Duration = member.Weeks * 7L * 86_400 }, cancellationToken);
    }

    /// <summary>The open ranked-choice proposal, opened by the first member, with each member's signed vote (each once).</summary>
    private async Task<long> RoadmapAsync(IServiceProvider services, List<(DemoMember Member, string UserId, string Wallet)> accounts, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<GuildDbContext>();
        var proposal = await db.RoadmapProposals.AsNoTracking().Where(p => p.Title == RoadmapTitle).Select(p => (long?)p.Id).FirstOrDefaultAsync(cancellationToken);
        if (proposal is null)
        {
            // The locks must be in a block before the snapshot: move the clock a little and mine one.
            await AdvanceAsync(2, cancellationToken);
            var (_, userId, wallet) = accounts[0];
            var created = await services.GetRequiredService<CreateRoadmapProposalCommand>().ExecuteAsync(userId, wallet, new RoadmapProposalInput(
                RoadmapTitle,
                "The guild has compute for **one** training run this quarter. Rank the options: the count is an instant run-off, " +
                "so a second preference still counts when a first choice is eliminated.\n\n(Demo data: three demo members have voted.)",
                RoadmapChoices, VoteType.RankedChoice, null, time.GetUtcNow().AddDays(14)), cancellationToken);
            proposal = created.Value?.Id ?? throw new InvalidOperationException($"The demo roadmap proposal was refused: {created.Error!.Message}");
        }
        var domain = await services.GetRequiredService<IVotingPower>().DomainAsync(cancellationToken);
        var cast = services.GetRequiredService<CastRoadmapVoteCommand>();
        foreach (var (member, _, wallet) in accounts)
        {
            if (await db.RoadmapVotes.AnyAsync(v => v.ProposalId == proposal && v.Voter == wallet, cancellationToken))
            {
                continue;
            }
            var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
            var reason = $"demo vote of {member.Email}";
            // Signed as a browser wallet's eth_signTypedData_v4 would: the EIP-712 digest, no message prefix.
            var digest = VoteTypedData.Digest(domain, proposal.Value, member.Ranking, reason, timestamp);
            var signature = EthECDSASignature.CreateStringSignature(new EthECKey(member.PrivateKey).SignAndCalculateV(digest));
            var outcome = await cast.ExecuteAsync(proposal.Value, new SignedVoteInput(wallet, member.Ranking, reason, timestamp, signature), cancellationToken);
            if (outcome.Error is { } error)
            {
                throw new InvalidOperationException($"The demo vote of {member.Email} was refused: {error.Message}");
            }
        }
        return proposal.Value;
    }

    /// <summary>
    /// The Governor proposal, from wherever an earlier start left it to executed: propose, move past the voting delay,
    /// vote for, move past the voting period, queue, move past the Timelock delay, execute. Returns the final state.
    /// </summary>
    private async Task<string> GovernorAsync(IServiceProvider services, DemoMember proposer, CancellationToken cancellationToken)
    {
        var contracts = services.GetRequiredService<DeployedContracts>();
        var governor = await contracts.AddressAsync("GuildGovernor", cancellationToken);
        var registry = await contracts.AddressAsync("LicenseRegistry", cancellationToken);
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var signer = await MemberWeb3Async(proposer, cancellationToken);
        List<string> targets = [registry];
        List<BigInteger> values = [BigInteger.Zero];
        List<byte[]> calldatas = [new Registry.SetEthPriceFunction { PriceUsd = EthPriceUsd }.GetCallData()];
        var descriptionHash = Nethereum.Util.Sha3Keccack.Current.CalculateHash(System.Text.Encoding.UTF8.GetBytes(GovernorDescription));
        var id = await web3.Eth.GetContractQueryHandler<Governor.HashProposalFunction>().QueryAsync<BigInteger>(governor,
            new Governor.HashProposalFunction { Targets = targets, Values = values, Calldatas = calldatas, DescriptionHash = descriptionHash });
        Task<BigInteger> Read<TFunction>(string at, TFunction function) where TFunction : FunctionMessage, new() =>
            web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<BigInteger>(at, function);

        if (await Read(governor, new Governor.ProposalSnapshotFunction { ProposalId = id }) == 0)
        {
            await AdvanceAsync(2, cancellationToken); // the locks count from the block after them
            await SendAsync(signer, governor, new Governor.ProposeFunction { Targets = targets, Values = values, Calldatas = calldatas, Description = GovernorDescription }, cancellationToken);
        }
        for (var step = 0; step < 8; step++)
        {
            var state = (GovernorState)(int)await Read(governor, new Governor.StateFunction { ProposalId = id });
            switch (state)
            {
                case GovernorState.Pending:
                    await AdvanceAsync((long)await Read(governor, new Governor.VotingDelayFunction()) + 1, cancellationToken);
                    break;
                case GovernorState.Active:
                    var voter = new EthECKey(proposer.PrivateKey).GetPublicAddress();
                    if (!await web3.Eth.GetContractQueryHandler<Governor.HasVotedFunction>().QueryAsync<bool>(governor, new Governor.HasVotedFunction { ProposalId = id, Account = voter }))
                    {
                        await SendAsync(signer, governor, new Governor.CastVoteWithReasonFunction { ProposalId = id, Support = 1, Reason = "demo: the market moved" }, cancellationToken);
                    }
                    await AdvanceAsync((long)await Read(governor, new Governor.VotingPeriodFunction()) + 1, cancellationToken);
                    break;
                case GovernorState.Succeeded:
                    await SendAsync(signer, governor, new Governor.QueueFunction { Targets = targets, Values = values, Calldatas = calldatas, DescriptionHash = descriptionHash }, cancellationToken);
                    await AdvanceAsync((long)await Read(await contracts.AddressAsync("TimelockController", cancellationToken), new Timelock.GetMinDelayFunction()) + 1, cancellationToken);
                    break;
                case GovernorState.Queued:
                    await SendAsync(signer, governor, new Governor.ExecuteFunction { Targets = targets, Values = values, Calldatas = calldatas, DescriptionHash = descriptionHash }, cancellationToken);
                    break;
                default:
                    // Executed, or an end no demo step changes (defeated, expired, cancelled): say which.
                    return state.ToString();
            }
        }
        return "unfinished";
    }

    /// <summary>OpenZeppelin's <c>IGovernor.ProposalState</c>.</summary>
    private enum GovernorState { Pending, Active, Canceled, Defeated, Succeeded, Queued, Expired, Executed }

    private async Task<IWeb3> MemberWeb3Async(DemoMember member, CancellationToken cancellationToken) =>
        await chain.GetWeb3Async(new Account(member.PrivateKey, await chain.GetChainIdAsync(cancellationToken)), cancellationToken);

    /// <summary>Moves the development chain's clock forward and mines a block (anvil's time travel).</summary>
    private async Task AdvanceAsync(long seconds, CancellationToken cancellationToken)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        await web3.Client.SendRequestAsync(new RpcRequest(1, "evm_increaseTime", seconds));
        await web3.Client.SendRequestAsync(new RpcRequest(2, "evm_mine"));
    }

    private static async Task SendAsync<TFunction>(IWeb3 web3, string to, TFunction function, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        // A fixed, generous gas limit: an escrow checkpoint written a second later than estimated costs more.
        function.Gas = 3_000_000;
        var receipt = await web3.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(to, function, cancellationToken);
        if (receipt.Status?.Value != BigInteger.One)
        {
            throw new InvalidOperationException($"A demo member's transaction reverted ({typeof(TFunction).Name}, transaction {receipt.TransactionHash}).");
        }
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not prepare the demo member {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(EventId = 5202, Level = LogLevel.Error, Message = "Demo members, roadmap vote or Governor proposal not seeded")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "{Count} demo members ready with locked AGI; roadmap proposal {Proposal} open with their votes; the demo Governor proposal is {State}")]
    private static partial void LogReady(ILogger logger, int count, long proposal, string state);
}
