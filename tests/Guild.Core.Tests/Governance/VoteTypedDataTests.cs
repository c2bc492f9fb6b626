using Guild.Core.Governance;
using Guild.Testing;

namespace Guild.Core.Tests.Governance;

/// <summary>Votes signed by independent EIP-712 implementations (ethers and viem, run by node) recover to their signer here.</summary>
public class VoteTypedDataTests
{
    private static readonly VoteDomain Domain = new(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private const string Key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private const string Address = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    [Theory]
    [InlineData("ethers")]
    [InlineData("viem")]
    public async Task Recover_VoteSignedByIndependentLibrary_IsItsSigner(string library)
    {
        int[] choices = [3, 1, 2];
        const string reason = "Ship the tokenizer first — then évals";
        var typedData = VoteTypedData.ToJson(Domain, 42, choices, reason, 1_760_000_000);

        var signed = await VoteTool.SignAsync(typedData, Key, library);

        Assert.Equal(Address, signed.Address.ToLowerInvariant());
        var digest = VoteTypedData.Digest(Domain, 42, choices, reason, 1_760_000_000);
        Assert.Equal(Address, VoteSignature.Recover(digest, VoteSignature.Parse(signed.Signature)!));
    }

    [Fact]
    public async Task Recover_AnyFieldChanged_IsSomeoneElse()
    {
        int[] choices = [1];
        var signed = await VoteTool.SignAsync(VoteTypedData.ToJson(Domain, 7, choices, "", 1_760_000_000), Key);
        var signature = VoteSignature.Parse(signed.Signature)!;

        Assert.Equal(Address, VoteSignature.Recover(VoteTypedData.Digest(Domain, 7, choices, "", 1_760_000_000), signature));
        Assert.NotEqual(Address, VoteSignature.Recover(VoteTypedData.Digest(Domain, 8, choices, "", 1_760_000_000), signature)); // another proposal
        Assert.NotEqual(Address, VoteSignature.Recover(VoteTypedData.Digest(Domain with { ChainId = 1 }, 7, choices, "", 1_760_000_000), signature)); // another chain
        Assert.NotEqual(Address, VoteSignature.Recover(VoteTypedData.Digest(Domain with { VerifyingContract = "0x0000000000000000000000000000000000000001" }, 7, choices, "", 1_760_000_000), signature));
        Assert.NotEqual(Address, VoteSignature.Recover(VoteTypedData.Digest(Domain, 7, [2], "", 1_760_000_000), signature)); // another choice
        Assert.NotEqual(Address, VoteSignature.Recover(VoteTypedData.Digest(Domain, 7, choices, "x", 1_760_000_000), signature));
        Assert.NotEqual(Address, VoteSignature.Recover(VoteTypedData.Digest(Domain, 7, choices, "", 1_760_000_001), signature));
    }

    [Fact]
    public async Task Recover_HighS_IsRefused()
    {
        // The malleated twin (n - s, flipped v) recovers to the same key under plain ecrecover; EIP-2 refuses it.
        int[] choices = [1];
        var signed = await VoteTool.SignAsync(VoteTypedData.ToJson(Domain, 7, choices, "", 1_760_000_000), Key);
        var signature = VoteSignature.Parse(signed.Signature)!;
        var n = System.Numerics.BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);
        var s = new System.Numerics.BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        var twin = (byte[])signature.Clone();
        (n - s).ToByteArray(isUnsigned: true, isBigEndian: true).CopyTo(twin.AsSpan(32 + 32 - (n - s).GetByteCount(isUnsigned: true)));
        twin[64] = (byte)(signature[64] == 27 ? 28 : 27);

        Assert.Null(VoteSignature.Recover(VoteTypedData.Digest(Domain, 7, choices, "", 1_760_000_000), twin));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0x1234")]
    [InlineData("not hex at all")]
    public void Parse_NotA65ByteSignature_IsNull(string? hex)
    {
        Assert.Null(VoteSignature.Parse(hex));
    }
}
