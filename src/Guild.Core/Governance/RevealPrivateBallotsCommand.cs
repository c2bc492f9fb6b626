using Guild.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Guild.Core.Governance;

/// <summary>
/// Opens the ballots of a private roadmap proposal once it has ended: decrypts every counted ballot with the proposal's
/// key, stores its choices and reason (or marks it spoiled, with why), and publishes the key so anyone can open them
/// again. Runs lazily, on the first read after the end. Idempotent and safe when two readers arrive at once: the
/// proposal row is claimed by a conditional update inside the transaction that stores the ballots, so exactly one
/// reveal commits and the other finds it done (its update waits for the first's row lock, then matches nothing).
/// </summary>
public sealed partial class RevealPrivateBallotsCommand(GuildDbContext db, BallotKeys keys, IVotingPower chain, TimeProvider time,
    ILogger<RevealPrivateBallotsCommand> logger)
{
    /// <summary>True when this call revealed the ballots; false when there was nothing to do (public, open, or done).</summary>
    public async Task<bool> ExecuteAsync(long proposalId, CancellationToken cancellationToken)
    {
        var proposal = await db.RoadmapProposals.AsNoTracking().SingleOrDefaultAsync(p => p.Id == proposalId, cancellationToken);
        var now = time.GetUtcNow();
        if (proposal is not { ChoicesHidden: true } || !proposal.HasEnded(now))
        {
            return false;
        }
        var privateKey = keys.Open(proposal.SealedBallotKey!);
        var domain = await chain.DomainAsync(cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.RoadmapProposals.Where(p => p.Id == proposalId && p.RevealedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RevealedBallotKey, privateKey).SetProperty(p => p.RevealedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return false;
        }
        var votes = await db.RoadmapVotes.Where(v => v.ProposalId == proposalId).ToListAsync(cancellationToken);
        var spoiled = 0;
        foreach (var vote in votes)
        {
            var opened = PrivateBallot.Open(privateKey, proposal.Id, domain.ChainId, proposal.Type, proposal.Choices.Count, vote.Ballot);
            vote.Reveal(opened);
            spoiled += opened.Spoiled is null ? 0 : 1;
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogRevealed(logger, proposalId, votes.Count, spoiled);
        return true;
    }

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Private roadmap proposal {Proposal} revealed: {Ballots} ballots opened, {Spoiled} spoiled")]
    private static partial void LogRevealed(ILogger logger, long proposal, int ballots, int spoiled);
}
