using System.Numerics;

namespace Guild.Core.Governance;

/// <summary>A vote the recount did not accept as exported, and why.</summary>
public sealed record RecountProblem(string Voter, string Reason);

/// <summary>What a recount found: the tally from the votes that verify, and every vote that did not.</summary>
public sealed record RecountResult(TallyResult Tally, IReadOnlyList<RecountProblem> Problems, int Verified);

/// <summary>
/// Recounts an exported roadmap vote without the portal: re-verifies every signature over its EIP-712 vote in the
/// exported domain (in parallel), refuses duplicates and invalid ballots, takes each voter's weight from the chain when
/// a source is given (else the exported weight), and tallies. A vote whose signature fails, or whose chain weight
/// differs from the exported one, is reported; only verified votes are counted.
/// </summary>
public static class RoadmapRecount
{
    public static RecountResult Run(RoadmapExport export, IReadOnlyDictionary<string, BigInteger>? chainWeights = null, int? parallelism = null)
    {
        var proposal = export.Proposal;
        var separator = VoteTypedData.DomainSeparator(export.Domain);
        var votes = export.Votes;
        var recovered = new string?[votes.Count];
        Parallel.For(0, votes.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism ?? Environment.ProcessorCount }, () => new byte[32], (i, _, digest) =>
        {
            var vote = votes[i];
            var signature = VoteSignature.Parse(vote.Signature);
            if (signature is not null && RoadmapTally.Validate(proposal.Type, proposal.Choices.Count, vote.Choices) is null)
            {
                VoteTypedData.Digest(separator, proposal.Id, vote.Choices, vote.Reason, vote.Timestamp, digest);
                recovered[i] = VoteSignature.Recover(digest, signature);
            }
            return digest;
        }, _ => { });

        var problems = new List<RecountProblem>();
        var ballots = new List<TallyBallot>(votes.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < votes.Count; i++)
        {
            var vote = votes[i];
            var voter = vote.Voter.ToLowerInvariant();
            if (recovered[i] != voter)
            {
                problems.Add(new RecountProblem(vote.Voter, recovered[i] is null ? "invalid signature or ballot" : $"signed by {recovered[i]}, not the voter"));
                continue;
            }
            if (!seen.Add(voter))
            {
                problems.Add(new RecountProblem(vote.Voter, "a second vote of the same address"));
                continue;
            }
            var weight = vote.Weight;
            if (chainWeights is not null)
            {
                weight = chainWeights.TryGetValue(voter, out var onChain) ? onChain : BigInteger.Zero;
                if (weight != vote.Weight)
                {
                    problems.Add(new RecountProblem(vote.Voter, $"exported weight {vote.Weight}, the chain says {weight}"));
                }
            }
            if (weight.Sign > 0)
            {
                ballots.Add(new TallyBallot(voter, weight, vote.Choices));
            }
        }
        var tally = RoadmapTally.Count(proposal.Type, proposal.Choices.Count, ballots, proposal.Quorum);
        return new RecountResult(tally, problems, ballots.Count);
    }
}
