using System.Numerics;
using Guild.Core.Claims;

namespace Guild.Chain.Claims;

/// <summary>
/// What a wallet sends to <c>RewardsDistributor.claim</c>: the account, its cumulative amount in the claimable tree, and
/// the Merkle proof, as the bytes the ABI expects. One claim pays everything owed across every epoch so far. The
/// claimable tree is the latest published one whose challenge window has passed
/// (<see cref="Rewards.DistributorState.ClaimableEpoch"/>); a proof from a root still in its window is refused.
/// </summary>
public sealed record ClaimData(string Account, BigInteger CumulativeAmount, IReadOnlyList<byte[]> Proof)
{
    public static ClaimData From(ClaimsTree tree, string account)
    {
        var leaf = tree.LeafOf(account);
        var proof = tree.ProofOf(account).Select(Bytes).ToList();
        return new ClaimData(leaf.Account, leaf.CumulativeWei, proof);
    }

    public string[] ProofHex => Proof.Select(p => "0x" + Convert.ToHexStringLower(p)).ToArray();

    public static byte[] Bytes(Hash32 hash)
    {
        var bytes = new byte[32];
        hash.WriteTo(bytes);
        return bytes;
    }
}
