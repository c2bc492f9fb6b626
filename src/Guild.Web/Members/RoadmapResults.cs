using Guild.Core.Data;
using Guild.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Members;

/// <summary>A roadmap proposal with its counted votes and their tally, as pages and the API show them.</summary>
public sealed record RoadmapResult(RoadmapProposal Proposal, IReadOnlyList<RoadmapVote> Votes, TallyResult Tally);

/// <summary>
/// Loads a proposal and counts it from the stored votes (each vote's weight was read from the chain when cast). A
/// private proposal that has ended is revealed on this first read (<see cref="RevealPrivateBallotsCommand"/>); before
/// that its tally has only the number of ballots and their weight (quorum progress), no totals per choice.
/// </summary>
public sealed class RoadmapResults(GuildDbContext db, RevealPrivateBallotsCommand reveal, TimeProvider time)
{
    public async Task<RoadmapResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var proposal = await db.RoadmapProposals.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (proposal is null)
        {
            return null;
        }
        if (proposal.ChoicesHidden && proposal.HasEnded(time.GetUtcNow()))
        {
            await reveal.ExecuteAsync(id, cancellationToken);
            proposal = await db.RoadmapProposals.AsNoTracking().SingleAsync(p => p.Id == id, cancellationToken);
        }
        var votes = await db.RoadmapVotes.AsNoTracking().Where(v => v.ProposalId == id).OrderBy(v => v.Voter).ToListAsync(cancellationToken);
        var ballots = votes.Select(v => new TallyBallot(v.Voter, v.Weight, v.Choices, v.Spoiled is not null)).ToList();
        var tally = proposal.ChoicesHidden ? Sealed(proposal, ballots) : RoadmapTally.Count(proposal.Type, proposal.Choices.Count, ballots, proposal.Quorum);
        return new RoadmapResult(proposal, votes, tally);
    }

    /// <summary>What may be known of a private vote while it runs: how many voted, with how much power; no choices.</summary>
    private static TallyResult Sealed(RoadmapProposal proposal, List<TallyBallot> ballots)
    {
        var total = ballots.Aggregate(System.Numerics.BigInteger.Zero, (sum, b) => sum + b.Weight);
        return new TallyResult(proposal.Type, [], [], [], total, proposal.Quorum, total >= proposal.Quorum && total > 0, ballots.Count);
    }
}
