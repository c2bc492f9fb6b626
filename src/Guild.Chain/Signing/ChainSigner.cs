using System.Numerics;
using Guild.Core.Hosting;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Nethereum.Signer;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Guild.Chain.Signing;

/// <summary>The account that sends this process's transactions, and a Web3 bound to it.</summary>
public sealed record SigningAccount(IWeb3 Web3, string Address);

/// <summary>
/// Resolves the sending account once: a private key or keystore from <c>Chain:Signer</c>, or on an embedded chain a
/// development key generated into the data directory (mode 600, never in the repository) and funded by anvil. Every
/// transaction is signed locally, so <see cref="Transactions.TransactionSender"/> can store the signed bytes before
/// broadcasting them. Nonces are assigned by the sender under <see cref="Transactions.SignerLock"/>.
/// </summary>
public sealed class ChainSigner(ChainConnection chain, IOptions<ChainOptions> options, DataDirectory data)
{
    private const string DevKeyFile = "dev-signer.key";
    private static readonly BigInteger DevFunding = BigInteger.Pow(10, 22); // 10,000 ETH

    private AsyncOnce<SigningAccount>? account;

    public bool IsAvailable => options.Value.Signer.IsConfigured || chain.IsEmbedded;

    public Task<SigningAccount> GetAsync(CancellationToken cancellationToken = default) =>
        LazyInitializer.EnsureInitialized(ref account, () => new AsyncOnce<SigningAccount>(ResolveAsync)).GetAsync(cancellationToken);

    private async Task<SigningAccount> ResolveAsync(CancellationToken cancellationToken)
    {
        var signer = options.Value.Signer;
        var chainId = await chain.GetChainIdAsync(cancellationToken);
        Account? local = null;
        if (!string.IsNullOrWhiteSpace(signer.PrivateKey))
        {
            local = new Account(signer.PrivateKey, chainId);
        }
        else if (!string.IsNullOrWhiteSpace(signer.KeystoreFile))
        {
            var json = await File.ReadAllTextAsync(signer.KeystoreFile, cancellationToken);
            local = Account.LoadFromKeyStore(json, signer.KeystorePassword, chainId);
        }

        else if (chain.IsEmbedded)
        {
            local = new Account(await DevKeyAsync(cancellationToken), chainId);
            await FundOnAnvilAsync(local.Address, cancellationToken);
        }
        if (local is null)
        {
            throw new ChainUnavailableException(
                "No signer: set Chain:Signer:PrivateKey or Chain:Signer:KeystoreFile (from the environment or a secret store).");
        }
        return new SigningAccount(await chain.GetWeb3Async(local, cancellationToken), local.Address);
    }

    private async Task<string> DevKeyAsync(CancellationToken cancellationToken)
    {
        var path = data.File(DevKeyFile);
        if (!File.Exists(path))
        {
            await File.WriteAllTextAsync(path, Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes()), cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        return (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
    }

    private async Task FundOnAnvilAsync(string address, CancellationToken cancellationToken)
    {
        var node = await chain.GetWeb3Async(cancellationToken);
        var balance = await node.Eth.GetBalance.SendRequestAsync(address);
        if (balance.Value < DevFunding / 10)
        {
            await node.Client.SendRequestAsync(new RpcRequest(1, "anvil_setBalance", address, new HexBigInteger(DevFunding).HexValue));
        }
    }
}
