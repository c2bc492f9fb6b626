using System.Net.Http.Json;
using System.Numerics;
using Guild.Chain.Embedded;
using Guild.Chain.Indexing;
using Guild.Core.Accounts;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.Organisations;
using Guild.Core.People;
using Guild.Testing;
using Guild.Web.Licensing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Contracts;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;
using Coin = Guild.Chain.Contracts.TestStablecoin;
using Registry = Guild.Chain.Contracts.LicenseRegistry;
using Token = Guild.Chain.Contracts.GuildToken;

namespace Guild.Web.Tests.Infrastructure;

/// <summary>A company on the portal: its account, organisation and licence wallet (with its key).</summary>
public sealed record TestCompany(string Email, long OrganisationId, string Wallet, string PrivateKey, HttpClient Client);

/// <summary>The registry's state and the money around it: what must not move when the portal refuses something.</summary>
public sealed record ChainMoney(long Block, string Licence, BigInteger Nonce, BigInteger Reserve, BigInteger TreasuryWei, BigInteger TreasuryCoin, BigInteger CompanyCoin);

/// <summary>
/// A portal with its own contract suite on the shared anvil (vesting started sixty days ago, so the treasury has vested
/// $AGI), a stocked licence sale reserve, and what licence tests do around it: companies with funded wallets,
/// governance calls through the Timelock, indexing on demand, and snapshots of the money to assert nothing moved.
/// </summary>
public sealed class LicensePortal : GuildWebFactory, IAsyncLifetime
{
    public static readonly BigInteger Agi = BigInteger.Pow(10, 18);
    public static readonly BigInteger Reserve = 10_000_000 * Agi;
    private readonly string signerKey = Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());

    public static Web3 Node { get; } = new(TestEnvironment.SharedAnvilRpc);

    protected override IEnumerable<(string Key, string Value)> Settings() =>
    [
        ("Chain:Signer:PrivateKey", signerKey),
        ("Chain:Deployment:AutoDeploy", "true"),
        ("Chain:Deployment:GenesisTimestamp", DateTimeOffset.UtcNow.AddDays(-60).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        // Mailed links name the public origin (reminders link the licence page).
        ("Portal:PublicOrigin", "http://guild.example.test"),
        // Tests index when they mean to (and confirmations enqueue the indexer): no minute job racing them.
        ("Jobs:ScheduleRecurringJobs", "false"),
    ];

    protected override async Task PrepareAsync() =>
        await Node.Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", new EthECKey(signerKey).GetPublicAddress(), new HexBigInteger(BigInteger.Pow(10, 20)).HexValue));

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DevTreasury>().FundLicenseReserveAsync(Reserve);
    }

    /// <summary>
    /// The chain's clock (the latest block's time). Other tests warp the shared anvil forward, so a licence bought now
    /// expires a term after this, not after the wall clock.
    /// </summary>
    public static async Task<DateTimeOffset> ChainNowAsync()
    {
        var head = await Node.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest());
        return DateTimeOffset.FromUnixTimeSeconds((long)head.Timestamp.Value);
    }

    public async Task<string> AddressAsync(string contract)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Guild.Chain.Deployment.DeployedContracts>().AddressAsync(contract);
    }

    /// <summary>
    /// A company account (Company role) with an organisation, whose account has linked <paramref name="privateKey"/>'s
    /// wallet (a fresh one by default) and made it the licence wallet through the API; the wallet holds ETH and the
    /// stablecoin.
    /// </summary>
    public async Task<TestCompany> CompanyAsync(string? privateKey = null, string name = "Acme Robotics")
    {
        var key = privateKey is null ? EthECKey.GenerateKey() : new EthECKey(privateKey);
        var wallet = key.GetPublicAddress().ToLowerInvariant();
        var email = $"company+{Guid.NewGuid():N}@guild.test";
        var user = await CreateUserAsync(email, BrowserSession.Password, GuildRoles.Company);
        long organisationId;
        await using (var scope = Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            organisationId = (await services.GetRequiredService<CreateOrganisationCommand>().ExecuteAsync(user.Id, $"{name} {Guid.NewGuid():N}"[..(name.Length + 7)], default)).Value!.Id;
            // The wallet link itself is Sign-In with Ethereum's, tested in SiweLinkingTests; here the account simply has one.
            var person = await services.GetRequiredService<EnsureAccountPersonCommand>().ExecuteAsync(user.Id, default);
            var db = services.GetRequiredService<GuildDbContext>();
            db.ContributorWallets.Add(new ContributorWallet(person.Id, wallet, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
            await services.GetRequiredService<DevTreasury>().FundWalletAsync(wallet, 100 * Agi, 1_000_000 * BigInteger.Pow(10, 6));
        }
        var client = await LoginAsync(email, BrowserSession.Password);
        var holder = await client.PutAsync($"/api/organisations/{organisationId}/license/wallet", null);
        Assert.True(holder.IsSuccessStatusCode, await holder.Content.ReadAsStringAsync());
        return new TestCompany(email, organisationId, wallet, key.GetPrivateKey(), client);
    }

    /// <summary>Sends a call as the Timelock, as an executed proposal would.</summary>
    public async Task AsTimelockAsync<TFunction>(string contract, TFunction function) where TFunction : FunctionMessage, new()
    {
        var timelock = await AddressAsync("TimelockController");
        await Node.Client.SendRequestAsync(new RpcRequest(1, "anvil_impersonateAccount", timelock));
        await Node.Client.SendRequestAsync(new RpcRequest(2, "anvil_setBalance", timelock, new HexBigInteger(BigInteger.Pow(10, 19)).HexValue));
        function.FromAddress = timelock;
        var receipt = await Node.Eth.GetContractTransactionHandler<TFunction>().SendRequestAndWaitForReceiptAsync(await AddressAsync(contract), function);
        await Node.Client.SendRequestAsync(new RpcRequest(3, "anvil_stopImpersonatingAccount", timelock));
        Assert.Equal(BigInteger.One, receipt.Status.Value);
    }

    /// <summary>
    /// Sends a transaction the API prepared, from the company's own key (what its wallet would do): with the gas limit
    /// the API gave when <paramref name="gas"/> is set, else with the node's own estimate.
    /// </summary>
    public static async Task<TransactionReceipt> SendAsync(TestCompany company, string to, string data, BigInteger value, BigInteger? gas = null)
    {
        var web3 = new Web3(new Account(company.PrivateKey, 31337), TestEnvironment.SharedAnvilRpc);
        var input = new TransactionInput(data, to, company.Wallet, null, null, new HexBigInteger(value));
        input.Gas = gas is { } limit ? new HexBigInteger(limit) : await web3.Eth.TransactionManager.EstimateGasAsync(input);
        return await web3.Eth.TransactionManager.SendTransactionAndWaitForReceiptAsync(input);
    }

    /// <summary>Indexes what the chain has now and rebuilds the register (what the indexer job and the register's refresh do).</summary>
    public async Task IndexAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var scope = Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<EventIndexer>().RunAsync();
                break;
            }
            catch (Exception e) when (attempt < 5 && e is DbUpdateException or Npgsql.PostgresException)
            {
                await Task.Delay(200); // an indexer job a confirmation enqueued wrote the same range first
            }
        }
        await Services.GetRequiredService<LicenseRegister>().RefreshAsync(default);
    }

    public async Task<ChainMoney> MoneyAsync(string company)
    {
        var registry = await AddressAsync("LicenseRegistry");
        var timelock = await AddressAsync("TimelockController");
        var coin = await AddressAsync("TestStablecoin");
        var licence = await Node.Eth.GetContractQueryHandler<Registry.LicenceOfFunction>()
            .QueryDeserializingToObjectAsync<Registry.LicenceOfOutputDTO>(new Registry.LicenceOfFunction { Company = company }, registry);
        async Task<BigInteger> Coin(string account) => await Node.Eth.GetContractQueryHandler<Coin.BalanceOfFunction>().QueryAsync<BigInteger>(coin, new Coin.BalanceOfFunction { Account = account });
        return new ChainMoney(
            (long)(await Node.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value,
            $"{licence.Locked}/{licence.DeclaredRevenueUsd}/{Convert.ToHexStringLower(licence.DeclarationHash)}/{licence.Expiry}/{licence.FiscalYear}/{licence.Revoked}",
            await Node.Eth.GetContractQueryHandler<Registry.DeclarationNonceFunction>().QueryAsync<BigInteger>(registry, new Registry.DeclarationNonceFunction { Company = company }),
            await Node.Eth.GetContractQueryHandler<Registry.SaleReserveFunction>().QueryAsync<BigInteger>(registry, new Registry.SaleReserveFunction()),
            (await Node.Eth.GetBalance.SendRequestAsync(timelock)).Value,
            await Coin(timelock),
            await Coin(company));
    }

    public async Task<bool> IsLicensedOnChainAsync(string company) =>
        await Node.Eth.GetContractQueryHandler<Registry.IsLicensedFunction>().QueryAsync<bool>(await AddressAsync("LicenseRegistry"), new Registry.IsLicensedFunction { Company = company });

    /// <summary>The portal's licence rows: what must not change when it refuses something.</summary>
    public async Task<string> DatabaseAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<GuildDbContext>();
        var declarations = await db.LicenseDeclarations.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Id + ":" + d.Digest).ToListAsync();
        var holders = await db.LicenseHolders.AsNoTracking().OrderBy(h => h.OrganisationId).Select(h => h.OrganisationId + ":" + h.Wallet + ":" + h.RemindersOff).ToListAsync();
        return string.Join(",", declarations) + "|" + string.Join(",", holders);
    }

    public async Task<LicensesApiClient.Licence> LicenceAsync(string address) =>
        (await CreateClient().GetFromJsonAsync<LicensesApiClient.Licence>($"/api/licenses/{address}"))!;
}

/// <summary>The API's JSON shapes as a client reads them.</summary>
public static class LicensesApiClient
{
    public sealed record Licence(string Address, bool Licensed, string? Company, string StakeWei, string RequiredWei, DateTimeOffset? ExpiresAt, int? FiscalYear,
        string? DeclarationHash, bool Revoked, long? AsOfBlock);
}
