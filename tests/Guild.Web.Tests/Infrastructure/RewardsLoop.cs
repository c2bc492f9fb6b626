using System.Diagnostics;
using System.Net.Http.Json;
using System.Numerics;
using Guild.Chain.Embedded;
using Guild.Core.Accounts;
using Guild.Core.Data;
using Guild.Jobs.Ingestion;
using Guild.Jobs.Ingestion.Git;
using Guild.Testing;
using Guild.Web.Apis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;

namespace Guild.Web.Tests.Infrastructure;

/// <summary>
/// A portal with its own contract suite on the shared anvil, a one-minute challenge window and a vesting start sixty
/// days back, and what rewards-loop journeys do around it: replay slices of a real history into a repository the
/// portal imports, move chain time past a challenge window, fund rewards from the treasury, claim, and audit a root.
/// </summary>
public sealed class RewardsLoopPortal : GuildWebFactory, IAsyncLifetime
{
    public const int ChallengeSeconds = 60;
    private readonly string signerKey = Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());

    public static readonly BigInteger Agi = BigInteger.Pow(10, 18);

    /// <summary>nanoGPT's real history, oldest first.</summary>
    public static IReadOnlyList<DatasetCommit> History { get; } =
        CommitDataset.Read(Path.Combine(TestEnvironment.RepositoryRoot, "bench", "data", "karpathy__nanoGPT.commits.tsv.gz")).Reverse().ToList();

    public string RepositoryPath { get; } = TestEnvironment.NewTempDirectory("nanogpt");

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        ("Chain:Signer:PrivateKey", signerKey),
        ("Chain:Deployment:AutoDeploy", "true"),
        ("Chain:Deployment:ChallengePeriodSeconds", ChallengeSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        // Vesting started sixty days before now (wall clock), so the genesis epoch releases a sixth of each entitlement.
        ("Chain:Deployment:GenesisTimestamp", DateTimeOffset.UtcNow.AddDays(-60).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    protected override async Task PrepareAsync() =>
        await Node.Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", new EthECKey(signerKey).GetPublicAddress(), new HexBigInteger(BigInteger.Pow(10, 20)).HexValue));

    public static Web3 Node { get; } = new(TestEnvironment.SharedAnvilRpc);

    /// <summary>Replays the history's first <paramref name="count"/> commits into the tracked repository (the same shas every time, so an import continues where it stopped).</summary>
    public async Task ReplayAsync(int count)
    {
        if (Directory.Exists(RepositoryPath))
        {
            Directory.Delete(RepositoryPath, recursive: true);
        }
        await DatasetReplay.BuildAsync(History.Take(count).Reverse(), RepositoryPath, "master");
    }

    /// <summary>Runs the git import of repository <paramref name="id"/> as its job does, and waits for it.</summary>
    public async Task ImportAsync(long id)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<GitImportJob>().RunAsync(id, null, default);
    }

    /// <summary>Moves the chain's clock past a published root's challenge window (anvil's time travel).</summary>
    public static async Task PassChallengeWindowAsync()
    {
        await Node.Client.SendRequestAsync(new RpcRequest(1, "evm_increaseTime", ChallengeSeconds + 1));
        await Node.Client.SendRequestAsync(new RpcRequest(2, "evm_mine"));
    }

    /// <summary>The DAO funds rewards from its treasury (as an executed proposal would: see <see cref="DevTreasury"/>).</summary>
    public async Task FundFromTreasuryAsync(BigInteger amount)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DevTreasury>().FundRewardsAsync(amount);
    }

    /// <summary>What a refused publish says the distributor is short by ("short by 1,234.5 AGI"), rounded up to a whole AGI.</summary>
    public static BigInteger ShortfallOf(string failure)
    {
        var match = System.Text.RegularExpressions.Regex.Match(failure, @"short by ([\d,]+)(\.\d+)? AGI");
        Assert.True(match.Success, $"not a funding refusal: {failure}");
        return (BigInteger.Parse(match.Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) + 1)
            * BigInteger.Pow(10, 18);
    }

    /// <summary>Sends the claim the API prepared for <paramref name="account"/> from an anvil account, as any wallet could; returns what it paid.</summary>
    public async Task<BigInteger> ClaimAsync(string account)
    {
        var claim = (await CreateClient().GetFromJsonAsync<ClaimsApi.ClaimResponse>($"/api/claims/{account}"))!;
        var before = await BalanceAsync(account);
        if (BigInteger.Parse(claim.ClaimableWei!) == 0)
        {
            return 0;
        }
        var sender = (await Node.Eth.Accounts.SendRequestAsync())[0];
        var hash = await Node.Eth.TransactionManager.SendTransactionAsync(new TransactionInput { From = sender, To = claim.Distributor, Data = claim.Calldata, Gas = new HexBigInteger(300_000) });
        var receipt = await Node.Eth.TransactionManager.TransactionReceiptService.PollForReceiptAsync(hash, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(BigInteger.One, receipt.Status.Value);
        var paid = await BalanceAsync(account) - before;
        Assert.Equal(BigInteger.Parse(claim.ClaimableWei!), paid);
        return paid;
    }

    public async Task<BigInteger> BalanceAsync(string account)
    {
        await using var scope = Services.CreateAsyncScope();
        var token = await scope.ServiceProvider.GetRequiredService<GuildDbContext>().ContractDeployments.Where(d => d.Name == "GuildToken").Select(d => d.Address).SingleAsync();
        return await Node.Eth.GetContractQueryHandler<Guild.Chain.Contracts.GuildToken.BalanceOfFunction>()
            .QueryAsync<BigInteger>(token, new Guild.Chain.Contracts.GuildToken.BalanceOfFunction { Account = account });
    }

    /// <summary>Runs the outsider's auditor, <c>guild-audit allocate snapshot.json --expect-root root</c>, as a process; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> AuditAsync(byte[] snapshot, string root)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var auditor = Path.Combine(TestEnvironment.RepositoryRoot, "src", "Guild.Audit", "bin", configuration, "net10.0", "guild-audit.dll");
        var file = Path.Combine(TestEnvironment.NewTempDirectory("audit"), "snapshot.json");
        await File.WriteAllBytesAsync(file, snapshot);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { auditor, "allocate", file, "--expect-root", root })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        return (process.ExitCode, output);
    }

    public async Task<HttpClient> StewardAsync()
    {
        var email = $"steward+{Guid.NewGuid():N}@guild.test";
        await CreateUserAsync(email, BrowserSession.Password, GuildRoles.Steward);
        return await LoginAsync(email, BrowserSession.Password);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(RepositoryPath))
        {
            Directory.Delete(RepositoryPath, recursive: true);
        }
    }
}
