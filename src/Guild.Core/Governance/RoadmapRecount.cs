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
/// <remarks>
/// A private proposal is recounted from its encrypted ballots: the revealed private key must match the published public
/// key, each signature must cover the encrypted ballot (<see cref="PrivateVoteTypedData"/>), and the recount opens every
/// ballot itself, counting what it finds (a ballot that does not open is spoiled) and reporting where the portal's
/// opened choices differ. Before the reveal there is no key, so nothing can be counted and every vote is reported.
/// </remarks>
public static class RoadmapRecount
{
    /// <summary>The name problems with the proposal itself (not one vote) are reported under.</summary>
    public const string ProposalKey = "(proposal key)";

    public static RecountResult Run(RoadmapExport export, IReadOnlyDictionary<string, BigInteger>? chainWeights = null, int? parallelism = null)
    {
        var proposal = export.Proposal;
        var problems = new List<RecountProblem>();
        var key = proposal.Private ? proposal.BallotPrivateKey : null;
        if (proposal.Private && !PrivateBallot.KeyMatches(key, proposal.BallotPublicKey))
        {
            problems.Add(new RecountProblem(ProposalKey, key is null
                ? "the private key is not revealed (export the votes after the end)"
                : "the revealed private key does not match the proposal's public key"));
            key = null;
        }
        var separator = VoteTypedData.DomainSeparator(export.Domain);
        var votes = export.Votes;
        var recovered = new string?[votes.Count];
        var opened = new OpenedBallot?[votes.Count];
        Parallel.For(0, votes.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism ?? Environment.ProcessorCount }, () => new byte[32], (i, _, digest) =>
        {
            var vote = votes[i];
            var signature = VoteSignature.Parse(vote.Signature);
            if (signature is null)
            {
                return digest;
            }
            if (proposal.Private)
            {
                if (PrivateBallot.ParseEnvelope(vote.Ballot, out var _) is { } envelope)
                {
                    PrivateVoteTypedData.Digest(separator, proposal.Id, envelope, vote.Timestamp, digest);
                    recovered[i] = VoteSignature.Recover(digest, signature);
                }
                opened[i] = key is null ? null : PrivateBallot.Open(key, proposal.Id, export.ChainId, proposal.Type, proposal.Choices.Count, vote.Ballot);
            }
            else if (RoadmapTally.Validate(proposal.Type, proposal.Choices.Count, vote.Choices) is null)
            {
                VoteTypedData.Digest(separator, proposal.Id, vote.Choices, vote.Reason, vote.Timestamp, digest);
                recovered[i] = VoteSignature.Recover(digest, signature);
            }
            return digest;
        }, _ => { });

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
            var choices = vote.Choices;
            var spoiled = false;
            if (proposal.Private)
            {
                if (opened[i] is not { } ballot)
                {
                    problems.Add(new RecountProblem(vote.Voter, "the ballot cannot be opened without the proposal's private key"));
                    continue;
                }
                if (!ballot.Choices.SequenceEqual(vote.Choices) || ballot.Reason != vote.Reason || (ballot.Spoiled is null) != (vote.Spoiled is null))
                {
                    problems.Add(new RecountProblem(vote.Voter, "the portal's opened ballot differs from what the ballot decrypts to (counted as decrypted)"));
                }
                (choices, spoiled) = (ballot.Choices, ballot.Spoiled is not null);
            }
            if (weight.Sign > 0)
            {
                ballots.Add(new TallyBallot(voter, weight, choices, spoiled));
            }
        }
        var tally = RoadmapTally.Count(proposal.Type, proposal.Choices.Count, ballots, proposal.Quorum);
        return new RecountResult(tally, problems, ballots.Count);
    }
}
