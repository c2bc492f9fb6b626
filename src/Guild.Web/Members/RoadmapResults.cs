using Guild.Core.Data;
using Guild.Core.Governance;
using Microsoft.EntityFrameworkCore;

namespace Guild.Web.Members;

/// <summary>A roadmap proposal with its counted votes and their tally, as pages and the API show them.</summary>
public sealed record RoadmapResult(RoadmapProposal Proposal, IReadOnlyList<RoadmapVote> Votes, TallyResult Tally);

/// <summary>Loads a proposal and counts it from the stored votes (each vote's weight was read from the chain when cast).</summary>
public sealed class RoadmapResults(GuildDbContext db)
{
    public async Task<RoadmapResult?> LoadAsync(long id, CancellationToken cancellationToken)
    {
        var proposal = await db.RoadmapProposals.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (proposal is null)
        {
            return null;
        }
        var votes = await db.RoadmapVotes.AsNoTracking().Where(v => v.ProposalId == id).OrderBy(v => v.Voter).ToListAsync(cancellationToken);
        var tally = RoadmapTally.Count(proposal.Type, proposal.Choices.Count,
            votes.Select(v => new TallyBallot(v.Voter, v.Weight, v.Choices)).ToList(), proposal.Quorum);
        return new RoadmapResult(proposal, votes, tally);
    }
}
