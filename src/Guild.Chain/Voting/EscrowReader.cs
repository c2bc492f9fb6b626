using System.Numerics;
using Guild.Chain.Deployment;
using Nethereum.RPC.Eth.DTOs;
using Escrow = Guild.Chain.Contracts.VoteEscrow;
using Token = Guild.Chain.Contracts.GuildToken;

namespace Guild.Chain.Voting;

/// <summary>An account's standing in the vote escrow now, as the stake and delegation pages show it.</summary>
/// <param name="Balance">$AGI in the wallet (wei).</param>
/// <param name="Allowance">$AGI the escrow may take from the wallet (wei).</param>
/// <param name="Locked">$AGI locked (wei).</param>
/// <param name="End">Unlock time (unix seconds), zero without a lock.</param>
/// <param name="Power">The lock's own power now.</param>
/// <param name="Votes">The votes the account casts now: its lock (unless delegated away) and what others delegated to it.</param>
/// <param name="Delegated">Power others delegated to it now.</param>
/// <param name="Delegate">Whom it delegates to (itself by default).</param>
/// <param name="Now">The chain's time of the reading (unix seconds).</param>
/// <param name="Nonce">The next delegation-by-signature nonce.</param>
public sealed record EscrowStanding(BigInteger Balance, BigInteger Allowance, BigInteger Locked, long End, BigInteger Power, BigInteger Votes,
    BigInteger Delegated, string Delegate, long Now, BigInteger Nonce)
{
    public bool HasActiveLock => Locked > 0 && End > Now;
}

/// <summary>Reads an account's lock, votes and delegation from the VoteEscrow and its $AGI from the token.</summary>
public sealed class EscrowReader(ChainConnection chain, DeployedContracts contracts)
{
    public async Task<EscrowStanding> StandingAsync(string account, CancellationToken cancellationToken)
    {
        var web3 = await chain.GetWeb3Async(cancellationToken);
        var escrow = await contracts.AddressAsync("VoteEscrow", cancellationToken);
        var token = await contracts.AddressAsync("GuildToken", cancellationToken);
        var head = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        var block = new BlockParameter(head.Number);
        var balance = web3.Eth.GetContractQueryHandler<Token.BalanceOfFunction>().QueryAsync<BigInteger>(token, new Token.BalanceOfFunction { Account = account }, block);
        var allowance = web3.Eth.GetContractQueryHandler<Token.AllowanceFunction>().QueryAsync<BigInteger>(token, new Token.AllowanceFunction { Owner = account, Spender = escrow }, block);
        var lockOf = web3.Eth.GetContractQueryHandler<Escrow.LockOfFunction>().QueryDeserializingToObjectAsync<Escrow.LockOfOutputDTO>(new Escrow.LockOfFunction { Account = account }, escrow, block);
        var votes = web3.Eth.GetContractQueryHandler<Escrow.GetVotesFunction>().QueryAsync<BigInteger>(escrow, new Escrow.GetVotesFunction { Account = account }, block);
        var delegated = web3.Eth.GetContractQueryHandler<Escrow.GetDelegatedVotesFunction>().QueryAsync<BigInteger>(escrow, new Escrow.GetDelegatedVotesFunction { Account = account }, block);
        var delegatee = web3.Eth.GetContractQueryHandler<Escrow.DelegatesFunction>().QueryAsync<string>(escrow, new Escrow.DelegatesFunction { Account = account }, block);
        var nonce = web3.Eth.GetContractQueryHandler<Escrow.NoncesFunction>().QueryAsync<BigInteger>(escrow, new Escrow.NoncesFunction { Owner = account }, block);
        await Task.WhenAll(balance, allowance, lockOf, votes, delegated, delegatee, nonce);
        var l = await lockOf;
        return new EscrowStanding(await balance, await allowance, l.Amount, (long)l.End, l.Power, await votes, await delegated,
            (await delegatee).ToLowerInvariant(), (long)head.Timestamp.Value, await nonce);
    }
}
