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
