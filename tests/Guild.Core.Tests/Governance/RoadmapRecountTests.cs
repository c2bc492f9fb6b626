using System.Numerics;
using Guild.Core.Governance;
using Guild.Testing;

namespace Guild.Core.Tests.Governance;

public class RoadmapRecountTests
{
    private static readonly VoteDomain Domain = new(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");

    private static async Task<RoadmapExport> ExportAsync()
    {
        var votes = new List<ExportedVote>();
        (int[] Choices, long Weight)[] ballots = [([1, 2], 40), ([2, 1], 35), ([3, 2], 25)];
        for (var i = 0; i < ballots.Length; i++)
        {
            var typed = VoteTypedData.ToJson(Domain, 5, ballots[i].Choices, $"voter {i}", 1_760_000_000 + i);
            var signed = await VoteTool.SignAsync(typed, TestKeys.Anvil[i]);
            votes.Add(new ExportedVote(signed.Address.ToLowerInvariant(), ballots[i].Choices, $"voter {i}", 1_760_000_000 + i, signed.Signature, ballots[i].Weight));
        }
        return new RoadmapExport(new ExportedProposal(5, "Next model", VoteType.RankedChoice, ["A", "B", "C"], 100, 1_759_999_000, 50,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch), Domain.ChainId, Domain.VerifyingContract, "0x0000000000000000000000000000000000000002", votes);
    }

    [Fact]
    public async Task Run_ExportedVotes_VerifyAndRecountTheRunOff()
    {
        var export = RoadmapExport.FromJson((await ExportAsync()).ToJson())!; // through the file format

        var result = RoadmapRecount.Run(export);

        Assert.Empty(result.Problems);
        Assert.Equal(3, result.Verified);
        Assert.Equal([2], result.Tally.Winners); // C goes, its ballot moves to B: B 60
        Assert.Equal(2, result.Tally.Rounds.Count);
    }

    [Fact]
    public async Task Run_TamperedVoteOrWeight_IsReported()
    {
        var export = await ExportAsync();
        var votes = export.Votes.ToList();
        votes[0] = votes[0] with { Choices = [2, 1] }; // the signature no longer covers the ballot
        var chain = votes.ToDictionary(v => v.Voter, v => v.Weight);
        chain[votes[1].Voter] = 1; // the chain disagrees with the exported weight

        var result = RoadmapRecount.Run(export with { Votes = votes }, chain);

        Assert.Contains(result.Problems, p => p.Voter == votes[0].Voter && p.Reason.Contains("not the voter", StringComparison.Ordinal));
        Assert.Contains(result.Problems, p => p.Voter == votes[1].Voter && p.Reason.Contains("the chain says 1", StringComparison.Ordinal));
        Assert.Equal(2, result.Verified);
        Assert.Equal(new BigInteger(26), result.Tally.TotalWeight);
    }

    /// <summary>A private proposal after the reveal: ballots sealed to its key, signed as PrivateVote, opened as the portal would.</summary>
    private static async Task<(RoadmapExport Export, string PrivateKey)> PrivateExportAsync()
    {
        var (publicKey, privateKey) = PrivateBallot.NewKeyPair();
        var votes = new List<ExportedVote>();
        (int[] Choices, long Weight)[] ballots = [([1, 2], 40), ([2, 1], 35), ([3, 2], 25)];
        for (var i = 0; i < ballots.Length; i++)
        {
            var ballot = PrivateBallot.ToHex(PrivateBallot.Seal(publicKey, 5, Domain.ChainId, ballots[i].Choices, $"voter {i}"));
            var signed = await VoteTool.SignAsync(PrivateVoteTypedData.ToJson(Domain, 5, ballot, 1_760_000_000 + i), TestKeys.Anvil[i]);
            votes.Add(new ExportedVote(signed.Address.ToLowerInvariant(), ballots[i].Choices, $"voter {i}", 1_760_000_000 + i, signed.Signature,
                ballots[i].Weight, ballot));
        }
        var proposal = new ExportedProposal(5, "Next model", VoteType.RankedChoice, ["A", "B", "C"], 100, 1_759_999_000, 50,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, true, publicKey, privateKey);
        return (new RoadmapExport(proposal, Domain.ChainId, Domain.VerifyingContract, "0x0000000000000000000000000000000000000002", votes), privateKey);
    }

    [Fact]
    public async Task Run_PrivateProposal_OpensEveryBallotItself_AndRecountsTheRunOff()
    {
        var (export, _) = await PrivateExportAsync();
        export = RoadmapExport.FromJson(export.ToJson())!;

        var result = RoadmapRecount.Run(export);

        Assert.Empty(result.Problems);
        Assert.Equal(3, result.Verified);
        Assert.Equal([2], result.Tally.Winners);
        Assert.Equal(2, result.Tally.Rounds.Count);
    }

    [Fact]
    public async Task Run_PrivateProposal_WrongKeyTamperedBallotOrOtherChoices_AreReported()
    {
        var (export, _) = await PrivateExportAsync();

        var wrongKey = RoadmapRecount.Run(export with { Proposal = export.Proposal with { BallotPrivateKey = PrivateBallot.NewKeyPair().PrivateKey } });
        Assert.Contains(wrongKey.Problems, p => p.Voter == RoadmapRecount.ProposalKey && p.Reason.Contains("does not match", StringComparison.Ordinal));
        Assert.Equal(0, wrongKey.Verified);
        var notRevealed = RoadmapRecount.Run(export with { Proposal = export.Proposal with { BallotPrivateKey = null } });
        Assert.Contains(notRevealed.Problems, p => p.Voter == RoadmapRecount.ProposalKey && p.Reason.Contains("not revealed", StringComparison.Ordinal));

        // The portal claims other choices than the ballot holds: reported, and counted as the ballot says.
        var votes = export.Votes.ToList();
        votes[2] = votes[2] with { Choices = [1] };
        var misreported = RoadmapRecount.Run(export with { Votes = votes });
        Assert.Contains(misreported.Problems, p => p.Voter == votes[2].Voter && p.Reason.Contains("differs", StringComparison.Ordinal));
        Assert.Equal([2], misreported.Tally.Winners);

        // A ballot swapped after signing no longer matches its signature.
        votes = export.Votes.ToList();
        votes[0] = votes[0] with { Ballot = votes[1].Ballot };
        var swapped = RoadmapRecount.Run(export with { Votes = votes });
        Assert.Contains(swapped.Problems, p => p.Voter == votes[0].Voter && p.Reason.Contains("not the voter", StringComparison.Ordinal));
        Assert.Equal(2, swapped.Verified);
    }

    [Fact]
    public async Task Csv_HasEveryVoteWithItsSignature()
    {
        var export = await ExportAsync();

        var lines = export.ToCsv().TrimEnd('\n').Split('\n');

        Assert.Equal(RoadmapExport.CsvHeader, lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.All(export.Votes, v => Assert.Contains(lines, l => l.StartsWith(v.Voter, StringComparison.Ordinal) && l.Contains(v.Signature, StringComparison.Ordinal)));
    }
}
