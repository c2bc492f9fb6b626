using Microsoft.Extensions.Options;
using Nethereum.RPC.NonceServices;
using Nethereum.Web3;
using Nethereum.Web3.Accounts;

namespace Guild.Chain.Signing;

/// <summary>The account that sends this process's transactions, and a Web3 bound to it.</summary>
public sealed record SigningAccount(IWeb3 Web3, string Address);

/// <summary>
/// Resolves the sending account once: a private key or keystore from <c>Chain:Signer</c> (signed locally, with an
/// in-process nonce service so concurrent jobs never reuse a nonce), or on an embedded chain anvil's first unlocked
/// dev account (anvil signs; no key exists in the app at all).
/// </summary>
public sealed class ChainSigner(ChainConnection chain, IOptions<ChainOptions> options)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private SigningAccount? account;

    public bool IsAvailable => options.Value.Signer.IsConfigured || chain.IsEmbedded;

    public async Task<SigningAccount> GetAsync(CancellationToken cancellationToken = default)
    {
        if (account is { } ready)
        {
            return ready;
        }
        await gate.WaitAsync(cancellationToken);
        try
        {
            return account ??= await ResolveAsync(cancellationToken);
        }
        finally
        {
            gate.Release();
        }
    }

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

        if (local is not null)
        {
            var web3 = await chain.GetWeb3Async(local, cancellationToken);
            local.NonceService = new InMemoryNonceService(local.Address, web3.Client);
            return new SigningAccount(web3, local.Address);
        }
        if (chain.IsEmbedded)
        {
            var node = await chain.GetWeb3Async(cancellationToken);
            var accounts = await node.Eth.Accounts.SendRequestAsync();
            return new SigningAccount(node, accounts[0]);
        }
        throw new ChainUnavailableException(
            "No signer: set Chain:Signer:PrivateKey or Chain:Signer:KeystoreFile (from the environment or a secret store).");
    }
}
