using System.Text.Json;
using Guild.Core.Governance;
using Guild.Testing;

namespace Guild.Core.Tests.Governance;

/// <summary>
/// Private ballots: what the page's WebCrypto seals (here node's, an independent implementation) opens with the
/// proposal's key; anything tampered with, or sealed for another proposal, is spoiled with a reason, never dropped; an
/// envelope that could never open is refused up front; the PrivateVote digest is the one ethers signs.
/// </summary>
public class PrivateBallotTests
{
    private static readonly VoteDomain Domain = new(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");
    private const string Key = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private const string Address = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    [Fact]
    public void Seal_ThenOpen_GivesTheBallotBack()
    {
        var (publicKey, privateKey) = PrivateBallot.NewKeyPair();

        var envelope = PrivateBallot.Seal(publicKey, 42, Domain.ChainId, [3, 1], "évals first — then ship");
        var opened = PrivateBallot.Open(privateKey, 42, Domain.ChainId, VoteType.RankedChoice, 3, PrivateBallot.ToHex(envelope));

        Assert.Null(opened.Spoiled);
        Assert.Equal([3, 1], opened.Choices);
        Assert.Equal("évals first — then ship", opened.Reason);
        Assert.True(PrivateBallot.KeyMatches(privateKey, publicKey));
        Assert.False(PrivateBallot.KeyMatches(PrivateBallot.NewKeyPair().PrivateKey, publicKey));
    }

    [Fact]
    public async Task Open_BallotSealedByNodeWebCrypto_OpensHere()
    {
        var (publicKey, privateKey) = PrivateBallot.NewKeyPair();
        var plaintext = JsonSerializer.Serialize(new { choices = new[] { 2 }, reason = "sealed by node" });

        var envelope = await VoteTool.SealAsync(publicKey, PrivateBallot.Salt, PrivateBallot.Info(7, Domain.ChainId), plaintext);

        Assert.NotNull(PrivateBallot.ParseEnvelope(envelope, out _));
        var opened = PrivateBallot.Open(privateKey, 7, Domain.ChainId, VoteType.SingleChoice, 2, envelope);
        Assert.Null(opened.Spoiled);
        Assert.Equal([2], opened.Choices);
        Assert.Equal("sealed by node", opened.Reason);
    }

    [Theory]
    [InlineData(PrivateBallot.PointLength + 3)] // the nonce
    [InlineData(PrivateBallot.PointLength + PrivateBallot.NonceLength)] // the first ciphertext byte
    [InlineData(-1)] // the tag's last byte
    public void Open_TamperedEnvelope_IsSpoiled(int at)
    {
        var (publicKey, privateKey) = PrivateBallot.NewKeyPair();
        var envelope = PrivateBallot.Seal(publicKey, 42, Domain.ChainId, [1], "");
        envelope[at < 0 ? envelope.Length + at : at] ^= 0x01;

        var opened = PrivateBallot.Open(privateKey, 42, Domain.ChainId, VoteType.SingleChoice, 2, PrivateBallot.ToHex(envelope));

        Assert.Empty(opened.Choices);
        Assert.Contains("does not decrypt", opened.Spoiled, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_SealedForAnotherProposalOrChain_IsSpoiled()
    {
        var (publicKey, privateKey) = PrivateBallot.NewKeyPair();
        var envelope = PrivateBallot.ToHex(PrivateBallot.Seal(publicKey, 42, Domain.ChainId, [1], ""));

        Assert.NotNull(PrivateBallot.Open(privateKey, 43, Domain.ChainId, VoteType.SingleChoice, 2, envelope).Spoiled);
        Assert.NotNull(PrivateBallot.Open(privateKey, 42, 1, VoteType.SingleChoice, 2, envelope).Spoiled);
        Assert.NotNull(PrivateBallot.Open(PrivateBallot.NewKeyPair().PrivateKey, 42, Domain.ChainId, VoteType.SingleChoice, 2, envelope).Spoiled);
    }

    [Theory]
    [InlineData("{\"choices\":[3],\"reason\":\"\"}", "invalid choices")]
    [InlineData("{\"choices\":[1,2],\"reason\":\"\"}", "exactly one option")]
    [InlineData("{\"reason\":\"no choices\"}", "no choices array")]
    [InlineData("not json", "not JSON")]
    public void Open_DecryptsButIsNoValidBallot_IsSpoiledWithWhy(string plaintext, string why)
    {
        var (publicKey, privateKey) = PrivateBallot.NewKeyPair();
        var envelope = PrivateBallot.Seal(publicKey, 42, Domain.ChainId, System.Text.Encoding.UTF8.GetBytes(plaintext));

        var opened = PrivateBallot.Open(privateKey, 42, Domain.ChainId, VoteType.SingleChoice, 2, PrivateBallot.ToHex(envelope));

        Assert.Contains(why, opened.Spoiled, StringComparison.Ordinal);
        Assert.Empty(opened.Choices);
    }

    [Fact]
    public void ParseEnvelope_WrongLengthOrNoPoint_NamesTheProblem()
    {
        var (publicKey, _) = PrivateBallot.NewKeyPair();
        var envelope = PrivateBallot.Seal(publicKey, 1, Domain.ChainId, [1], "");

        Assert.Null(PrivateBallot.ParseEnvelope("0x" + new string('0', 2 * 50), out var tooShort));
        Assert.Contains("at least", tooShort, StringComparison.Ordinal);
        Assert.Null(PrivateBallot.ParseEnvelope("not hex", out var notHex));
        Assert.Contains("hex", notHex, StringComparison.Ordinal);
        var offCurve = (byte[])envelope.Clone();
        offCurve[40] ^= 0x01; // Y no longer matches X
        Assert.Null(PrivateBallot.ParseEnvelope(PrivateBallot.ToHex(offCurve), out var notAPoint));
        Assert.Contains("P-256", notAPoint, StringComparison.Ordinal);
        var compressed = (byte[])envelope.Clone();
        compressed[0] = 0x02;
        Assert.Null(PrivateBallot.ParseEnvelope(PrivateBallot.ToHex(compressed), out _));
        Assert.Null(PrivateBallot.ParseEnvelope(PrivateBallot.ToHex(new byte[PrivateBallot.MaxLength + 1]), out var tooLong));
        Assert.Contains("at most", tooLong, StringComparison.Ordinal);
        Assert.NotNull(PrivateBallot.ParseEnvelope(PrivateBallot.ToHex(envelope), out _));
    }

    [Fact]
    public async Task Digest_IsEthersTypedDataHash_AndAnEthersSignatureRecoversToItsSigner()
    {
        var (publicKey, _) = PrivateBallot.NewKeyPair();
        var ballot = PrivateBallot.Seal(publicKey, 42, Domain.ChainId, [2, 1], "a reason");
        var typed = PrivateVoteTypedData.ToJson(Domain, 42, PrivateBallot.ToHex(ballot), 1_760_000_000);

        var digest = PrivateVoteTypedData.Digest(Domain, 42, ballot, 1_760_000_000);

        Assert.Equal(await VoteTool.HashAsync(typed), "0x" + Convert.ToHexStringLower(digest));
        var signed = await VoteTool.SignAsync(typed, Key);
        Assert.Equal(Address, VoteSignature.Recover(digest, VoteSignature.Parse(signed.Signature)!));
        var other = (byte[])ballot.Clone();
        other[^1] ^= 0x01;
        Assert.NotEqual(Address, VoteSignature.Recover(PrivateVoteTypedData.Digest(Domain, 42, other, 1_760_000_000), VoteSignature.Parse(signed.Signature)!));
        // A public vote's digest is a different type: the same signature never passes for both.
        Assert.NotEqual(digest, VoteTypedData.Digest(Domain, 42, [2, 1], "a reason", 1_760_000_000));
    }
}
