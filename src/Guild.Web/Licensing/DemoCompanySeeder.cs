using System.Numerics;
using System.Security.Cryptography;
using Guild.Chain;
using Guild.Chain.Embedded;
using Guild.Core.Accounts;
using Guild.Core.Contributions;
using Guild.Core.Data;
using Guild.Core.Hosting;
using Guild.Core.Licensing;
using Guild.Core.Organisations;
using Guild.Core.People;
using Guild.Web.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Nethereum.Signer;
using Nethereum.Web3;

namespace Guild.Web.Licensing;

/// <summary>
/// With <c>Demo:Enabled</c> on the embedded chain: a demo company login (Company role) acting for the organisation
/// "Acme Robotics (demo)", whose licence wallet is a key generated for this installation (kept in the data directory,
/// mode 600), linked to the account as if signed on /me, and funded on the local chain with ETH and the test
/// stablecoin, so the company can declare 11,000,000 USD and buy at once. Its password, address and key go into the
/// demo logins file, with the local chain's RPC address to add to a browser wallet.
/// </summary>
internal sealed partial class DemoCompanySeeder(
    IServiceScopeFactory scopes, IOptions<DemoOptions> options, ChainConnection chain, DataDirectory data, TimeProvider time,
    ILogger<DemoCompanySeeder> logger) : IHostedService
{
    public const string Email = "company@guild.local";
    public const string OrganisationName = "Acme Robotics (demo)";
    private const string KeyFile = "demo-company-wallet.key";
    private static readonly BigInteger Ether = BigInteger.Pow(10, 18);
    private static readonly BigInteger Stablecoins = 100_000 * BigInteger.Pow(10, 6); // 100,000 test USD (6 decimals)

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || !chain.IsEmbedded)
        {
            return;
        }
        var key = await WalletKeyAsync(cancellationToken);
        var wallet = key.GetPublicAddress().ToLowerInvariant();
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var users = services.GetRequiredService<UserManager<GuildUser>>();
        var db = services.GetRequiredService<GuildDbContext>();
        var file = data.File(options.Value.LoginsFile);
        var lines = File.Exists(file) ? (await File.ReadAllLinesAsync(file, cancellationToken)).ToList() : ["# Guild demo logins: email, password, role, authenticator app (stewards), browser wallet (companies)"];
        var known = lines.FirstOrDefault(l => l.StartsWith(Email + "\t", StringComparison.Ordinal));

        var user = await users.FindByEmailAsync(Email);
        var password = known?.Split('\t')[1];
        if (user is null || password is null)
        {
            password = "Gd-" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', 'x').Replace('/', 'y') + "7a";
            if (user is null)
            {
                user = new GuildUser { UserName = Email, Email = Email, EmailConfirmed = true };
                Check(await users.CreateAsync(user, password));
            }
            else
            {
                Check(await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password));
            }
        }
        if (!await users.IsInRoleAsync(user, GuildRoles.Company))
        {
            Check(await users.AddToRoleAsync(user, GuildRoles.Company));
        }
        var organisation = await db.Organisations.FirstOrDefaultAsync(o => o.Name == OrganisationName, cancellationToken)
            ?? (await services.GetRequiredService<CreateOrganisationCommand>().ExecuteAsync(user.Id, OrganisationName, cancellationToken)).Value!;
        // The wallet is linked as if the company had signed the Sign-In with Ethereum message on /me (it holds the key).
        var person = await services.GetRequiredService<EnsureAccountPersonCommand>().ExecuteAsync(user.Id, cancellationToken);
        if (!await db.ContributorWallets.AnyAsync(w => w.PersonId == person.Id, cancellationToken))
        {
            db.ContributorWallets.Add(new ContributorWallet(person.Id, wallet, time.GetUtcNow()));
        }
        if (!await db.LicenseHolders.AnyAsync(h => h.OrganisationId == organisation.Id, cancellationToken))
        {
            db.LicenseHolders.Add(new LicenseHolder(organisation.Id, wallet, user.Id, time.GetUtcNow()));
        }
        await db.SaveChangesAsync(cancellationToken);
        await FundAsync(services, wallet, cancellationToken);

        // The RPC address changes with each start of the embedded chain: the line is rewritten every time.
        var note = $"licence wallet {wallet}, private key 0x{key.GetPrivateKey().Replace("0x", "", StringComparison.Ordinal)}; add the local chain {chain.RpcUrl} (chain id {await chain.GetChainIdAsync(cancellationToken)}) to a browser wallet and import the key";
        lines.RemoveAll(l => l.StartsWith(Email + "\t", StringComparison.Ordinal));
        lines.Add($"{Email}\t{password}\tCompany\t\t{note}");
        await File.WriteAllLinesAsync(file, lines, cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        LogReady(logger, Email, wallet);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Keeps the wallet at 10 ETH and 100,000 test USD at least, so the demo can buy after a restart too.</summary>
    private async Task FundAsync(IServiceProvider services, string wallet, CancellationToken cancellationToken)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var treasury = services.GetRequiredService<DevTreasury>();
        var eth = (await web3.Eth.GetBalance.SendRequestAsync(wallet)).Value;
        var coin = await services.GetRequiredService<Chain.Licensing.LicenseService>().StablecoinAsync(cancellationToken);
        var units = await web3.Eth.GetContractQueryHandler<Chain.Contracts.TestStablecoin.BalanceOfFunction>()
            .QueryAsync<BigInteger>(coin, new Chain.Contracts.TestStablecoin.BalanceOfFunction { Account = wallet });
        if (eth < Ether || units < Stablecoins / 5)
        {
            await treasury.FundWalletAsync(wallet, BigInteger.Max(eth, 10 * Ether), units < Stablecoins / 5 ? Stablecoins : 0, cancellationToken);
        }
    }

    private async Task<EthECKey> WalletKeyAsync(CancellationToken cancellationToken)
    {
        var file = data.File(KeyFile);
        if (File.Exists(file))
        {
            return new EthECKey((await File.ReadAllTextAsync(file, cancellationToken)).Trim());
        }
        var key = EthECKey.GenerateKey();
        await File.WriteAllTextAsync(file, key.GetPrivateKey(), cancellationToken);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return key;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not prepare the demo company {Email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Demo company {Email} ready with the funded licence wallet {Wallet}")]
    private static partial void LogReady(ILogger logger, string email, string wallet);
}
